package dev.study.operator.status;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions are written. lastTransitionTime moves only when status flips, so an unchanged
 * reconcile produces an identical list and no status patch.
 */
public final class Conditions {
  public static final String READY = "Ready";
  /** kstatus (Flux) reads these two, not Ready: True while converging or retrying, and True when stuck. */
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      long generation, Instant now) {
    String statusText = status ? "True" : "False";
    Condition existing = find(conditions, type).orElse(null);
    String transition = existing != null && statusText.equals(existing.getStatus())
        ? existing.getLastTransitionTime()
        : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next = new Condition(transition, message, generation, reason, statusText, type);
    if (existing == null) {
      conditions.add(next);
    } else {
      conditions.set(conditions.indexOf(existing), next);
    }
  }

  /**
   * Derives the kstatus pair from Ready: Stalled when a failing system cannot recover by retrying (its type is in
   * {@code stuck}), Reconciling while the rest converge or retry; both False when Ready, and when the only
   * thing pending is a suspension the user asked for (the failing systems are all in {@code suspended}).
   */
  public static void deriveProgress(List<Condition> conditions, java.util.Set<String> stuck,
      java.util.Set<String> suspended, long generation, Instant now) {
    Condition ready = find(conditions, READY).orElseThrow();
    Condition stalledBy = null;
    boolean onlySuspended = true;
    for (SystemKind kind : SystemKind.values()) {
      Condition c = find(conditions, kind.conditionType()).orElse(null);
      if (c == null) {
        // a system that has not reported yet is pending, not suspended
        onlySuspended = false;
        continue;
      }
      if ("True".equals(c.getStatus())) {
        continue;
      }
      if (stuck.contains(kind.conditionType()) && stalledBy == null) {
        stalledBy = c;
      }
      onlySuspended &= suspended.contains(kind.conditionType());
    }
    if ("True".equals(ready.getStatus())) {
      set(conditions, RECONCILING, false, Reasons.READY, "all systems are in sync", generation, now);
      set(conditions, STALLED, false, Reasons.READY, "all systems are in sync", generation, now);
    } else if (stalledBy != null) {
      set(conditions, RECONCILING, false, stalledBy.getReason(), "waiting for a spec change or the resync",
          generation, now);
      set(conditions, STALLED, true, stalledBy.getReason(), ready.getMessage(), generation, now);
    } else if (onlySuspended) {
      set(conditions, RECONCILING, false, Reasons.SUSPENDED, "suspended", generation, now);
      set(conditions, STALLED, false, Reasons.SUSPENDED, "suspended", generation, now);
    } else {
      set(conditions, RECONCILING, true, ready.getReason(), ready.getMessage(), generation, now);
      set(conditions, STALLED, false, ready.getReason(), "retrying", generation, now);
    }
  }

  /**
   * Derives Ready from the system conditions: True only when every system is True for this generation;
   * otherwise it carries the first failing system's reason and every failing system's message.
   */
  public static void deriveReady(List<Condition> conditions, long generation, Instant now) {
    // failing systems grouped by message, so one cause shared by all (an invalid spec) is said once
    java.util.Map<String, List<String>> byMessage = new java.util.LinkedHashMap<>();
    String firstReason = null;
    for (SystemKind kind : SystemKind.values()) {
      Condition c = find(conditions, kind.conditionType()).orElse(null);
      boolean ok = c != null && "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), generation);
      if (!ok) {
        String reason = c == null ? "Pending" : c.getReason();
        firstReason = firstReason == null ? reason : firstReason;
        String message = c == null ? "not yet synced" : c.getMessage();
        byMessage.computeIfAbsent(message, m -> new ArrayList<>()).add(kind.conditionType());
      }
    }
    if (byMessage.isEmpty()) {
      set(conditions, READY, true, Reasons.READY, "all systems are in sync", generation, now);
    } else {
      List<String> problems = new ArrayList<>();
      byMessage.forEach((message, types) -> problems.add(String.join(", ", types) + ": " + message));
      set(conditions, READY, false, firstReason, String.join("; ", problems), generation, now);
    }
  }

}
