package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.reminders.ReminderQueue.Delivered;
import dev.study.operator.reminders.ReminderQueue.Lease;
import dev.study.operator.store.Database;
import dev.study.operator.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue side of {@link JdbiReminderStore} on a real PostgreSQL: what {@link ReminderQueue#deliverNextDue}
 * promises its callers about connections, leases and records, with a send that is a plain callback.
 */
class JdbiReminderStoreIT {
  private static final Instant DUE = Instant.parse("2027-01-05T17:00:00Z");
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");
  private final Database db = TestPostgres.freshDatabase();
  private final JdbiReminderStore store = new JdbiReminderStore(db);
  private final Lease lease = Lease.forNewHolder(Duration.ofMinutes(1));

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private void seedOneDueReminder() throws Exception {
    store.apply(ReminderPlan.creating(List.of(new Reminder("u1", 1, "1h", "ns", "g", "Group", "guild", "channel",
        START, DUE, "", ReminderState.pending))));
  }

  private Reminder onlyRow() throws Exception {
    return store.forGroup("u1").get(0);
  }

  @Test
  void holdsNoDatabaseConnectionWhileTheSendRuns() throws Exception {
    seedOneDueReminder();

    Optional<Delivered> delivered = store.deliverNextDue(lease, DUE, claim -> {
      // Every connection of the pool: a queue holding one across the send would make the last wait, then fail.
      List<Handle> all = new ArrayList<>();
      try {
        for (int i = 0; i < TestPostgres.TEST_POOL.poolSize(); i++) {
          all.add(db.jdbi().open());
        }
        return DeliveryResult.sent("m1");
      } finally {
        all.forEach(Handle::close);
      }
    });

    assertThat(delivered).get().extracting(Delivered::recorded).isEqualTo(true);
    assertThat(onlyRow().state()).isEqualTo(ReminderState.sent);
  }

  @Test
  void aSendWhoseLeaseWasTakenOverMeanwhileRecordsNothing() throws Exception {
    seedOneDueReminder();
    Lease other = Lease.forNewHolder(Duration.ofMinutes(1));
    AtomicReference<Optional<Delivered>> takeover = new AtomicReference<>();

    Optional<Delivered> late = store.deliverNextDue(lease, DUE, claim -> {
      try {
        takeover.set(store.deliverNextDue(other, DUE.plus(Duration.ofMinutes(2)), c -> DeliveryResult.sent("m2")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return DeliveryResult.refused("too late: the lease ran out");
    });

    assertThat(takeover.get()).get().extracting(Delivered::recorded).isEqualTo(true);
    assertThat(late).get().extracting(Delivered::recorded).isEqualTo(false);
    assertThat(onlyRow().state()).as("the late refusal does not undo the send").isEqualTo(ReminderState.sent);
  }

  @Test
  void aRetryIsRecordedAndTheReminderIsNotClaimedAgainBeforeItsTime() throws Exception {
    seedOneDueReminder();
    Instant retryAt = DUE.plus(Duration.ofMinutes(5));

    Optional<Delivered> first = store.deliverNextDue(lease, DUE, claim -> DeliveryResult.retryAt(retryAt, "503"));

    assertThat(first).get().extracting(Delivered::recorded).isEqualTo(true);
    assertThat(store.deliverNextDue(lease, retryAt.minusSeconds(1), claim -> DeliveryResult.sent("m1"))).isEmpty();
    AtomicReference<Integer> attemptsBefore = new AtomicReference<>();
    store.deliverNextDue(lease, retryAt, claim -> {
      attemptsBefore.set(claim.attempts());
      return DeliveryResult.sent("m1");
    });
    assertThat(attemptsBefore.get()).isEqualTo(1);
    assertThat(onlyRow().state()).isEqualTo(ReminderState.sent);
  }
}
