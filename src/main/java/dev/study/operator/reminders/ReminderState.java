package dev.study.operator.reminders;

/**
 * Life of a reminder row. Only pending rows are claimed and sent; held ones wait out their group's suspension;
 * the others are history. See docs/reminders.md for the transitions.
 */
public enum ReminderState {
  /** Waiting for its due time, or being retried; a claimed one also has a lease. */
  pending,
  /** Its group is suspended: never claimed; the next apply after the suspension resumes or drops it. */
  held,
  /** Discord accepted it. */
  sent,
  /** Its meeting or offset left the spec, or the group went. */
  cancelled,
  /** Its meeting started while the group was suspended: deliberately not sent. */
  dropped,
  /** Discord refused it for good (unknown channel, missing permission): waits for a spec change. */
  failed,
  /** It came due but could not be delivered before its meeting started. */
  missed
}
