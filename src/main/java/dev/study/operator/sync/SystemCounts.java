package dev.study.operator.sync;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.ReminderStatus;
import dev.study.operator.api.RsvpStatus;
import dev.study.operator.calendar.model.ObservedCalendar;
import java.util.Map;

/**
 * What one system's sync contributes to status, typed per system. A report without counts ({@link #NONE}) leaves
 * the previous counts in status, so a failed or skipped sync never zeroes what the last good one saw.
 */
public sealed interface SystemCounts {
  SystemCounts NONE = new None();

  /** No counts: status keeps what it had. */
  record None() implements SystemCounts {}

  record Discord(DiscordStatus status) implements SystemCounts {}

  /**
   * The Calendar counts, the event id of each meeting whose event is in place (meeting number to id), and the
   * events as Google answered them after the writes: the hand-off to the RSVP sync of the same reconcile.
   */
  record Calendar(CalendarStatus status, Map<Integer, String> eventIds, ObservedCalendar events)
      implements SystemCounts {
    public Calendar {
      eventIds = Map.copyOf(eventIds);
    }
  }

  record Reminders(ReminderStatus status) implements SystemCounts {}

  record Rsvps(RsvpStatus status) implements SystemCounts {}
}
