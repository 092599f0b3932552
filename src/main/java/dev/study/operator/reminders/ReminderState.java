package dev.study.operator.reminders;

/** Life of a reminder row. Only pending rows are ever sent; the others are history. */
public enum ReminderState {
  pending,
  sent,
  cancelled,
  dropped,
  failed
}
