package dev.study.operator.reconcile;

import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.sync.SystemCounts;

/** What Calendar hands on to RSVPs in one reconcile: the events as its writes left them, else as it read them. */
final class CalendarHandoff {
  private CalendarHandoff() {}

  /** Null when Calendar did not read the calendar (not due, blocked, failed before its list call). */
  static ObservedCalendar eventsSeen(SystemRun<?> calendar) {
    if (calendar == null) {
      return null;
    }
    if (calendar.report().counts() instanceof SystemCounts.Calendar counts && counts.events() != null) {
      return counts.events();
    }
    return calendar.observed() instanceof ObservedCalendar observed ? observed : null;
  }
}
