package dev.study.operator.reminders;

import dev.study.operator.store.DatabaseUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The dispatcher's side of the reminder rows: due reminders, each delivered under a lease, and their history. The
 * queue owns the claim and the record of what came of it; the dispatcher owns the send and the backoff. An
 * adapter's database failures come out as {@link DatabaseUnavailable}, retryable, with every row left as it was.
 * The protocol and its guarantees are in docs/reminders.md ("Firing").
 */
public interface ReminderQueue {
  /**
   * Claims the earliest due pending reminder whose meeting is still to come and that no live lease covers (an
   * expired one is taken over), hands it to {@code delivery} with no transaction or connection held, then records
   * what delivery answered, but only if {@code lease} still holds the row. Empty when nothing is due.
   */
  Optional<Delivered> deliverNextDue(Lease lease, Instant now, Delivery delivery) throws DatabaseUnavailable;

  /**
   * Records pending reminders whose meeting has started as missed, and returns them; one under a live lease is
   * left to its claimer.
   */
  List<Missed> markMissed(Instant now) throws DatabaseUnavailable;

  /**
   * Deletes history rows (sent, cancelled, dropped, failed, missed) of meetings that started before {@code before};
   * pending and held rows are never purged. Returns how many went.
   */
  int purgeHistory(Instant before) throws DatabaseUnavailable;

  /** Who claims, and for how long a claim keeps the others off: one holder per dispatcher. */
  record Lease(String holder, Duration length) {
    public static Lease forNewHolder(Duration length) {
      return new Lease("dispatcher-" + UUID.randomUUID(), length);
    }
  }

  /** A claimed reminder and how many attempts were made at it before this one. */
  record Claim(Reminder reminder, int attempts) {}

  /** One attempt at a claimed reminder: the send, and what the queue should record of it. */
  @FunctionalInterface
  interface Delivery {
    DeliveryResult attempt(Claim claim);
  }

  /**
   * What came of a claimed reminder. {@code recorded} is false when the row had changed meanwhile (moved, or taken
   * over after the lease ran out), so nothing was written.
   */
  record Delivered(Reminder reminder, DeliveryResult result, boolean recorded) {}

  /** A reminder recorded as missed, with the last reason it could not be delivered. */
  record Missed(Reminder reminder, String lastError) {}
}
