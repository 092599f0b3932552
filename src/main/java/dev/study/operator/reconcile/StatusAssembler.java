package dev.study.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.study.operator.api.GroupPlan;
import dev.study.operator.api.Member;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.SystemPlan;
import io.fabric8.kubernetes.api.model.Condition;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds status from the previous status and this reconcile's reports. Systems that were not run (waiting
 * out a backoff) keep their previous condition and counts.
 */
final class StatusAssembler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusAssembler() {}

  static StudyGroupStatus copyOf(StudyGroupStatus status) {
    return status == null ? new StudyGroupStatus() : MAPPER.convertValue(status, StudyGroupStatus.class);
  }

  static boolean same(StudyGroupStatus a, StudyGroupStatus b) {
    return MAPPER.valueToTree(a == null ? new StudyGroupStatus() : a)
        .equals(MAPPER.valueToTree(b == null ? new StudyGroupStatus() : b));
  }

  static StudyGroupStatus assemble(StudyGroupStatus previous, long generation, StudyGroupSpec spec,
      List<Meeting> meetings, Map<SystemKind, SyncReport> reports, RetryBook retries, Instant now) {
    StudyGroupStatus status = copyOf(previous);
    status.setObservedGeneration(generation);
    status.setMemberCount(spec.getMembers() == null ? 0 : spec.getMembers().size());
    status.setMeetingCount(meetings.size());
    status.setMeetings(withPreviousEventIds(meetings, previous));
    reports.forEach((kind, report) -> {
      Conditions.set(status.getConditions(), kind.conditionType(), report.synced(), report.reason(), report.message(),
          generation, now);
      if (Reasons.NOT_CONFIGURED.equals(report.reason())) {
        clearCounts(status, kind);
      }
      report.contribution().writeTo(status);
    });
    status.setRetries(retries.entries());
    sortConditions(status);
    Conditions.deriveReady(status.getConditions(), generation, now);
    java.util.Set<String> stuck = new java.util.HashSet<>();
    for (SystemKind kind : SystemKind.values()) {
      SyncReport report = reports.get(kind);
      boolean permanent = report == null
          ? retries.isPermanent(kind)
          : !report.synced() && !report.retryable() && !Reasons.SUSPENDED.equals(report.reason());
      if (permanent) {
        stuck.add(kind.conditionType());
      }
    }
    Conditions.deriveProgress(status.getConditions(), stuck, generation, now);
    status.setPlan(spec.suspended() ? suspendedPlan(status) : null);
    return status;
  }

  /**
   * A held mass removal: Ready=False/RemovalHeld whatever the systems say (they synced the held members as
   * members), Stalled because only a person can release it, and the plan naming the members and what each
   * system would do with them.
   */
  static void holdRemovals(StudyGroupStatus status, RemovalGuard.Decision decision, String message, long generation,
      Instant now) {
    Condition ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    String full = "True".equals(ready.getStatus()) ? message : message + "; " + ready.getMessage();
    Conditions.set(status.getConditions(), Conditions.READY, false, RemovalGuard.REMOVAL_HELD, full, generation, now);
    Conditions.set(status.getConditions(), Conditions.RECONCILING, false, RemovalGuard.REMOVAL_HELD,
        "waiting for a person to approve the removal", generation, now);
    Conditions.set(status.getConditions(), Conditions.STALLED, true, RemovalGuard.REMOVAL_HELD, message, generation, now);
    GroupPlan plan = new GroupPlan();
    plan.setReason(RemovalGuard.REMOVAL_HELD);
    plan.setMessage(message);
    List<String> ids = decision.held().stream().map(Member::getId).toList();
    plan.setHeldRemovals(ids);
    String who = String.join(", ", ids);
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

  /** The plan of a suspended group: each system's pending change, as its condition says. */
  static GroupPlan suspendedPlan(StudyGroupStatus status) {
    GroupPlan plan = new GroupPlan();
    plan.setReason(Reasons.SUSPENDED);
    plan.setMessage("suspended: nothing is written until spec.suspend is false");
    for (SystemKind kind : SystemKind.values()) {
      Conditions.find(status.getConditions(), kind.conditionType())
          .filter(c -> Reasons.SUSPENDED.equals(c.getReason()) && "False".equals(c.getStatus()))
          .ifPresent(c -> plan.getSystems().add(new SystemPlan(kind.conditionType(), c.getMessage())));
    }
    return plan;
  }

  /** Status for a spec the operator cannot act on: every system reports InvalidSpec, nothing was written. */
  static StudyGroupStatus invalid(StudyGroupStatus previous, long generation, StudyGroupSpec spec, String message,
      Instant now) {
    StudyGroupStatus status = copyOf(previous);
    status.setObservedGeneration(generation);
    status.setMemberCount(spec == null || spec.getMembers() == null ? 0 : spec.getMembers().size());
    for (SystemKind kind : SystemKind.values()) {
      Conditions.set(status.getConditions(), kind.conditionType(), false, Reasons.INVALID_SPEC, message, generation, now);
    }
    status.setRetries(List.of());
    sortConditions(status);
    Conditions.deriveReady(status.getConditions(), generation, now);
    java.util.Set<String> all = new java.util.HashSet<>();
    for (SystemKind kind : SystemKind.values()) {
      all.add(kind.conditionType());
    }
    Conditions.deriveProgress(status.getConditions(), all, generation, now);
    return status;
  }

  /** Keeps each meeting's eventId from the last Calendar sync, so a Calendar waiting out a backoff loses none. */
  private static List<MeetingStatus> withPreviousEventIds(List<Meeting> meetings, StudyGroupStatus previous) {
    Map<Integer, String> eventIds = new java.util.HashMap<>();
    if (previous != null && previous.getMeetings() != null) {
      previous.getMeetings().stream().filter(m -> m.getNumber() != null && m.getEventId() != null)
          .forEach(m -> eventIds.put(m.getNumber(), m.getEventId()));
    }
    return meetings.stream().map(m -> {
      MeetingStatus s = meetingStatus(m);
      s.setEventId(eventIds.get(m.number()));
      return s;
    }).toList();
  }

  private static MeetingStatus meetingStatus(Meeting m) {
    MeetingStatus s = new MeetingStatus();
    s.setNumber(m.number());
    s.setStart(m.start().toString());
    s.setEnd(m.end().toString());
    return s;
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

  /** Keeps a stable order (systems in sync order, then Ready) so equal statuses serialize equally. */
  private static void sortConditions(StudyGroupStatus status) {
    status.getConditions().sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
  }

  private static int order(String type) {
    for (SystemKind kind : SystemKind.values()) {
      if (kind.conditionType().equals(type)) {
        return kind.ordinal();
      }
    }
    return switch (type) {
      case Conditions.READY -> SystemKind.values().length;
      case Conditions.RECONCILING -> SystemKind.values().length + 1;
      case Conditions.STALLED -> SystemKind.values().length + 2;
      default -> SystemKind.values().length + 3;
    };
  }
}
