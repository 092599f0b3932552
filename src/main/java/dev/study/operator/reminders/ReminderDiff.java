package dev.study.operator.reminders;

import dev.study.operator.api.Member;
import dev.study.operator.api.ReminderSpec;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ShortDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pure: the reminders a group wants, and the difference to what PostgreSQL holds. */
public final class ReminderDiff {
  private ReminderDiff() {}

  /** Meetings that have not started, times every offset, due at start minus offset. */
  public static List<Reminder> desired(String groupUid, String namespace, String name, StudyGroupSpec spec,
      List<Meeting> meetings, Instant now) {
    List<Reminder> out = new ArrayList<>();
    if (spec.getDiscord() == null || spec.getReminders() == null) {
      return out;
    }
    String guild = spec.getDiscord().getGuildId();
    String channel = spec.getDiscord().reminderChannel();
    String everyone = spec.getMembers().stream().map(Member::getDiscordUserId).filter(id -> id != null)
        .sorted().collect(Collectors.joining(","));
    for (Meeting meeting : meetings) {
      if (meeting.hasStartedBy(now)) {
        continue;
      }
      for (ReminderSpec r : spec.getReminders()) {
        Instant due = meeting.start().minus(ShortDuration.parse(r.getOffset()));
        String mentions = Boolean.TRUE.equals(r.getMention()) ? everyone : "";
        out.add(new Reminder(groupUid, meeting.number(), r.getOffset(), namespace, name, spec.getDisplayName(),
            guild, channel, meeting.start(), due, mentions, ReminderState.pending));
      }
    }
    return out;
  }

  /**
   * Creates what is missing, moves what changed, cancels pending or held rows nobody wants. Rows already sent,
   * dropped, missed or of meetings that have started are history and left alone; a cancelled or failed row that
   * is wanted again with a changed delivery becomes pending again. Held rows (the group was suspended) resume:
   * wanted ones of future meetings become pending, ones whose meeting started are dropped.
   */
  public static ReminderPlan plan(List<Reminder> desired, List<Reminder> stored, Instant now) {
    Map<ReminderKey, Reminder> byKey = new LinkedHashMap<>();
    stored.forEach(r -> byKey.put(r.key(), r));
    List<Reminder> create = new ArrayList<>();
    List<ReminderPlan.Move> move = new ArrayList<>();
    List<Reminder> pending = new ArrayList<>();
    for (Reminder want : desired) {
      Reminder have = byKey.remove(want.key());
      if (have == null) {
        create.add(want);
        pending.add(want);
      } else if (needsMove(want, have)) {
        move.add(new ReminderPlan.Move(want, have.state()));
        pending.add(want);
      } else if (have.state() == ReminderState.pending) {
        pending.add(have);
      }
    }
    List<Reminder> cancel = new ArrayList<>();
    List<Reminder> drop = new ArrayList<>();
    for (Reminder left : byKey.values()) {
      boolean future = left.meetingStart().isAfter(now);
      if (future && (left.state() == ReminderState.pending || left.state() == ReminderState.held)) {
        cancel.add(left);
      } else if (!future && left.state() == ReminderState.held) {
        drop.add(left);
      }
    }
    return new ReminderPlan(create, move, cancel, drop, pending);
  }

  private static boolean needsMove(Reminder want, Reminder have) {
    return switch (have.state()) {
      case pending, failed -> !want.sameDelivery(have);
      case cancelled, held -> true;
      case sent, dropped, missed -> false;
    };
  }
}
