package dev.study.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.study.operator.api.GroupPlan;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.api.SystemPlan;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that writes status: rebuilds it from the previous status and what one reconcile found out. A
 * system that was not run (waiting out a backoff) keeps its previous condition and counts.
 */
public final class StatusAssembler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusAssembler() {}

  public static boolean same(StudyGroupStatus a, StudyGroupStatus b) {
    return MAPPER.valueToTree(a == null ? new StudyGroupStatus() : a)
        .equals(MAPPER.valueToTree(b == null ? new StudyGroupStatus() : b));
  }

  public static StudyGroupStatus assemble(StudyGroupStatus previous, ReconcileResult result) {
    long generation = result.generation();
    Instant now = result.now();
    StudyGroupStatus status = copyOf(previous);
    status.setObservedGeneration(generation);
    status.setMemberCount(memberCount(result.spec()));
    status.setMeetingCount(result.meetings().size());
    status.setMeetings(withPreviousEventIds(result.meetings(), previous));
    result.reports().forEach((kind, report) -> {
      Conditions.set(status.getConditions(), kind.conditionType(), report.synced(), report.reason(), report.message(),
          generation, now);
      if (report.outcome() == SyncReport.Outcome.NOT_USED) {
        clearCounts(status, kind);
      }
      writeCounts(status, report.counts());
    });
    status.setRetries(result.retries());
    status.setTargets(result.targets());
    status.setAppliedMembers(result.appliedMembers());
    status.setLastHandledReconcileAt(result.handledRequest());
    Conditions.deriveReady(status.getConditions(), generation, now);
    Conditions.deriveProgress(status.getConditions(), stuck(result), typesWhere(result, SyncReport.Outcome::suspended),
        generation, now);
    sortConditions(status);
    status.setPlan(result.spec().suspended() ? suspendedPlan(result) : null);
    if (result.hold() != null) {
      holdRemovals(status, result.hold(), generation, now);
    }
    return status;
  }

  /** Status for a spec the operator cannot act on: every system reports InvalidSpec, nothing was written. */
  public static StudyGroupStatus invalid(StudyGroupStatus previous, long generation, StudyGroupSpec spec,
      String message, Instant now) {
    StudyGroupStatus status = copyOf(previous);
    status.setObservedGeneration(generation);
    status.setMemberCount(memberCount(spec));
    for (SystemKind kind : SystemKind.values()) {
      Conditions.set(status.getConditions(), kind.conditionType(), false, Reasons.INVALID_SPEC, message, generation, now);
    }
    status.setRetries(List.of());
    Conditions.deriveReady(status.getConditions(), generation, now);
    Set<String> all = EnumSet.allOf(SystemKind.class).stream().map(SystemKind::conditionType).collect(Collectors.toSet());
    Conditions.deriveProgress(status.getConditions(), all, Set.of(), generation, now);
    sortConditions(status);
    return status;
  }

  /** Puts a system's counts into status; no counts leave the previous ones. */
  public static void writeCounts(StudyGroupStatus status, SystemCounts counts) {
    if (counts instanceof SystemCounts.Discord d) {
      status.setDiscord(d.status());
    } else if (counts instanceof SystemCounts.Calendar c) {
      status.setCalendar(c.status());
      status.getMeetings().forEach(m -> m.setEventId(c.eventIds().get(m.getNumber())));
    } else if (counts instanceof SystemCounts.Reminders r) {
      status.setReminders(r.status());
    } else if (counts instanceof SystemCounts.Rsvps r) {
      status.setRsvps(r.status());
    }
  }

  private static Set<String> typesWhere(ReconcileResult result, java.util.function.Predicate<SyncReport.Outcome> test) {
    return result.reports().entrySet().stream().filter(e -> test.test(e.getValue().outcome()))
        .map(e -> e.getKey().conditionType()).collect(Collectors.toSet());
  }

  /** The condition types of the systems stuck until a person acts: failed permanently now, or last time if not run. */
  private static Set<String> stuck(ReconcileResult result) {
    Set<String> stuck = new java.util.HashSet<>();
    for (SystemKind kind : SystemKind.values()) {
      SyncReport report = result.reports().get(kind);
      boolean permanent = report == null
          ? result.retries().stream().anyMatch(r -> kind.conditionType().equals(r.getSystem())
              && Boolean.TRUE.equals(r.getPermanent()))
          : report.outcome().permanent();
      if (permanent) {
        stuck.add(kind.conditionType());
      }
    }
    return stuck;
  }

  /**
   * A held mass removal: Ready=False/RemovalHeld whatever the systems say (they synced the held members as
   * members), Stalled because only a person can release it, and the plan naming the members and what each
   * system would do with them.
   */
  private static void holdRemovals(StudyGroupStatus status, ReconcileResult.HeldRemoval hold, long generation,
      Instant now) {
    Condition ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    String message = hold.message();
    String full = "True".equals(ready.getStatus()) ? message : message + "; " + ready.getMessage();
    Conditions.set(status.getConditions(), Conditions.READY, false, hold.reason(), full, generation, now);
    Conditions.set(status.getConditions(), Conditions.RECONCILING, false, hold.reason(),
        "waiting for a person to approve the removal", generation, now);
    Conditions.set(status.getConditions(), Conditions.STALLED, true, hold.reason(), message, generation, now);
    GroupPlan plan = new GroupPlan();
    plan.setReason(hold.reason());
    plan.setMessage(message);
    plan.setHeldRemovals(hold.memberIds());
    String who = String.join(", ", hold.memberIds());
    for (SystemKind kind : SystemKind.values()) {
      Condition c = Conditions.find(status.getConditions(), kind.conditionType()).orElse(null);
      if (c != null && !Reasons.NOT_CONFIGURED.equals(c.getReason())) {
        plan.getSystems().add(new SystemPlan(kind.conditionType(), removalEffect(kind, who)));
      }
    }
    status.setPlan(plan);
  }

  private static String removalEffect(SystemKind kind, String who) {
    return switch (kind) {
      case DISCORD -> "revoke the channel access of " + who;
      case CALENDAR -> "remove " + who + " from the attendees of future events";
      case REMINDERS -> "stop mentioning " + who + " in reminders";
      case RSVPS -> "delete the RSVPs of " + who;
    };
  }

  /** The plan of a suspended group: each system's pending change, as its report says. */
  private static GroupPlan suspendedPlan(ReconcileResult result) {
    GroupPlan plan = new GroupPlan();
    plan.setReason(Reasons.SUSPENDED);
    plan.setMessage("suspended: nothing is written until spec.suspend is false");
    result.reports().forEach((kind, report) -> {
      if (report.outcome() == SyncReport.Outcome.SUSPENDED_WITH_CHANGES) {
        plan.getSystems().add(new SystemPlan(kind.conditionType(), report.message()));
      }
    });
    return plan;
  }

  private static StudyGroupStatus copyOf(StudyGroupStatus status) {
    return status == null ? new StudyGroupStatus() : MAPPER.convertValue(status, StudyGroupStatus.class);
  }

  private static int memberCount(StudyGroupSpec spec) {
    return spec == null || spec.getMembers() == null ? 0 : spec.getMembers().size();
  }

  /** Keeps each meeting's eventId from the last Calendar sync, so a Calendar waiting out a backoff loses none. */
  private static List<MeetingStatus> withPreviousEventIds(List<Meeting> meetings, StudyGroupStatus previous) {
    Map<Integer, String> eventIds = new HashMap<>();
    if (previous != null && previous.getMeetings() != null) {
      previous.getMeetings().stream().filter(m -> m.getNumber() != null && m.getEventId() != null)
          .forEach(m -> eventIds.put(m.getNumber(), m.getEventId()));
    }
    return meetings.stream().map(m -> {
      MeetingStatus s = new MeetingStatus();
      s.setNumber(m.number());
      s.setStart(m.start().toString());
      s.setEnd(m.end().toString());
      s.setEventId(eventIds.get(m.number()));
      return s;
    }).toList();
  }

  private static void clearCounts(StudyGroupStatus status, SystemKind kind) {
    switch (kind) {
      case DISCORD -> status.setDiscord(null);
      case CALENDAR -> {
        status.setCalendar(null);
        status.getMeetings().forEach(m -> m.setEventId(null));
      }
      case REMINDERS -> status.setReminders(null);
      case RSVPS -> status.setRsvps(null);
    }
  }

  /** Keeps a stable order (systems in declaration order, then Ready, Reconciling, Stalled) so equal statuses serialize equally. */
  private static void sortConditions(StudyGroupStatus status) {
    status.getConditions().sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
  }

  private static int order(String type) {
    int systems = SystemKind.values().length;
    return SystemKind.fromConditionType(type).map(Enum::ordinal).orElseGet(() -> switch (type) {
      case Conditions.READY -> systems;
      case Conditions.RECONCILING -> systems + 1;
      case Conditions.STALLED -> systems + 2;
      default -> systems + 3;
    });
  }
}
