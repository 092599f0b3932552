package dev.study.operator.reconcile;

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
   * Derives Ready from the system conditions: True only when every system is True for this generation;
   * otherwise it carries the first failing system's reason and every failing system's message.
   */
  public static void deriveReady(List<Condition> conditions, long generation, Instant now) {
    List<String> problems = new ArrayList<>();
    String firstReason = null;
    for (SystemKind kind : SystemKind.values()) {
      Condition c = find(conditions, kind.conditionType()).orElse(null);
      boolean ok = c != null && "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), generation);
      if (!ok) {
        String reason = c == null ? "Pending" : c.getReason();
        firstReason = firstReason == null ? reason : firstReason;
        problems.add(kind.conditionType() + ": " + (c == null ? "not yet synced" : c.getMessage()));
      }
    }
    if (problems.isEmpty()) {
      set(conditions, READY, true, Reasons.READY, "all systems are in sync", generation, now);
    } else {
      set(conditions, READY, false, firstReason, String.join("; ", problems), generation, now);
    }
  }
}
