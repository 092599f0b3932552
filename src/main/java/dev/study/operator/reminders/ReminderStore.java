package dev.study.operator.reminders;

import dev.study.operator.store.DatabaseUnavailable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's side of a group's reminder rows: read them, apply a plan to them, cancel or hold them all. It
 * speaks rows and plans only; an adapter's database failures come out as {@link DatabaseUnavailable}, retryable.
 * The dispatcher's side is {@link ReminderQueue}.
 */
public interface ReminderStore {
  /** Every row of the group, in any state. */
  List<Reminder> forGroup(String groupUid) throws DatabaseUnavailable;

  /** Applies a plan all or nothing; returns the number of rows written. */
  int apply(ReminderPlan plan) throws DatabaseUnavailable;

  /** Cancels every pending or held reminder of a group (the section went, or the group did). */
  int cancelAll(String groupUid) throws DatabaseUnavailable;

  /** Holds every pending reminder of a suspended group: the dispatcher never claims held rows. */
  int holdAll(String groupUid) throws DatabaseUnavailable;

  /** The last delivery error of a group's failed reminders of meetings still to come, if any. */
  Optional<String> deliveryFailure(String groupUid, Instant now) throws DatabaseUnavailable;
}
