package dev.study.operator.reminders;

import java.util.List;

/** What the reminder system sees of a group: its rows in PostgreSQL, in every state, history included. */
public record ObservedReminders(List<Reminder> rows) {
  public ObservedReminders {
    rows = List.copyOf(rows);
  }
}
