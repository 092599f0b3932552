package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.reconcile.BackoffPolicy;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.store.Database;
import dev.study.operator.testing.GroupContexts;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dispatcher's claims on a real PostgreSQL; the sender is a test double that records what it was asked. */
class ReminderDispatcherIT {
  private final Database db = TestPostgres.freshDatabase();
  private final JdbiReminderStore store = new JdbiReminderStore(db.jdbi());
  private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T00:00:00Z"));
  private final BackoffPolicy backoff = new BackoffPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSender sender = new RecordingSender();

  /** Records every send; can fail in the ways a test asks. */
  static final class RecordingSender implements ReminderSender {
    final List<String> nonces = new CopyOnWriteArrayList<>();
    final Map<String, String> contentByNonce = new ConcurrentHashMap<>();
    volatile Function<String, DeliveryException> failure = n -> null;
    volatile boolean crashAfterNextSend;

    @Override
    public String send(String channelId, String content, String nonce) throws DeliveryException {
      DeliveryException e = failure.apply(nonce);
      if (e != null) {
        throw e;
      }
      nonces.add(nonce);
      contentByNonce.put(nonce, content);
      if (crashAfterNextSend) {
        crashAfterNextSend = false;
        throw new IllegalStateException("operator killed between send and commit");
      }
      return "m" + nonces.size();
    }
  }

  private ReminderDispatcher dispatcher(int maxAttempts) {
    return new ReminderDispatcher(store, sender, clock, backoff, maxAttempts, registry);
  }

  private void schedule(String uid, int meetings, String... offsets) {
    var group = StudyGroups.group("ns", "g-" + uid, "alice");
    group.getSpec().getSchedule().setCount(meetings);
    group.getSpec().setReminders(java.util.Arrays.stream(offsets).map(o -> {
      var r = new dev.study.operator.api.ReminderSpec();
      r.setOffset(o);
      return r;
    }).collect(Collectors.toList()));
    GroupContext ctx = GroupContexts.of(group, uid, clock.instant());
    ReminderSync sync = new ReminderSync(store);
    try {
      sync.apply(ctx, sync.plan(ctx, sync.observe(ctx)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ReminderState state(String uid, int meeting, String offset) {
    return store.forGroup(uid).stream().filter(r -> r.meetingNumber() == meeting && r.offset().equals(offset))
        .findFirst().orElseThrow().state();
  }

  @Test
  void sendsADueReminderOnceWhenItsTimeComes() {
    schedule("u1", 1, "1h");
    ReminderDispatcher d = dispatcher(3);

    assertThat(d.dispatchDue()).isZero();
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    assertThat(d.dispatchDue()).isEqualTo(1);
    assertThat(d.dispatchDue()).isZero();

    assertThat(sender.nonces).hasSize(1);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
    assertThat(sender.contentByNonce.values()).singleElement().asString().contains("meeting 1");
  }

  @Test
  void twoDispatchersOnOneDatabaseSendEachReminderExactlyOnce() {
    for (int g = 0; g < 40; g++) {
      schedule("u" + g, 1, "1h", "24h");
    }
    clock.set(Instant.parse("2027-01-05T17:30:00Z"));
    ReminderDispatcher a = dispatcher(3);
    ReminderDispatcher b = dispatcher(3);

    var first = CompletableFuture.supplyAsync(a::dispatchDue);
    var second = CompletableFuture.supplyAsync(b::dispatchDue);

    assertThat(first.join() + second.join()).isEqualTo(80);
    assertThat(sender.nonces).hasSize(80).doesNotHaveDuplicates();
  }

  @Test
  void aCrashBetweenSendAndCommitLeavesItPendingAndTheRetryReusesTheNonce() {
    schedule("u1", 1, "1h");
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    sender.crashAfterNextSend = true;
    ReminderDispatcher d = dispatcher(3);

    d.start(Duration.ofMillis(20));
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> state("u1", 1, "1h") == ReminderState.sent);
    } finally {
      d.close();
    }

    assertThat(sender.nonces).hasSize(2);
    assertThat(sender.nonces.get(0)).isEqualTo(sender.nonces.get(1));
  }

  @Test
  void aDispatcherStoppedBetweenClaimAndSendLosesNothingAndTheNextOneSendsOnce() {
    schedule("u1", 1, "1h");
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    AtomicInteger claims = new AtomicInteger();
    ReminderSender stoppedBeforeSending = (channel, content, nonce) -> {
      claims.incrementAndGet();
      throw new IllegalStateException("process stopped after the claim, before the send");
    };
    ReminderDispatcher first = new ReminderDispatcher(store, stoppedBeforeSending, clock, backoff, 3, registry);
    first.start(Duration.ofMillis(20));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> claims.get() >= 2);
    first.close();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.pending);

    dispatcher(3).dispatchDue();

    assertThat(sender.nonces).hasSize(1);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
  }

  @Test
  void dropsAReminderWhoseMeetingHasAlreadyStarted() {
    schedule("u1", 1, "1h");
    clock.set(Instant.parse("2027-01-05T18:05:00Z"));

    dispatcher(3).dispatchDue();

    assertThat(sender.nonces).isEmpty();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.dropped);
    assertThat(registry.get("studygroup.reminders.dropped").counter().count()).isEqualTo(1.0);
  }

  @Test
  void retriesATransientFailureWithBackoffThenGivesUp() {
    schedule("u1", 1, "1h");
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    AtomicInteger calls = new AtomicInteger();
    sender.failure = n -> {
      calls.incrementAndGet();
      return new ReminderSender.DeliveryException("503 from Discord", false, null);
    };
    ReminderDispatcher d = dispatcher(3);

    d.dispatchDue();
    assertThat(calls.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(4));
    d.dispatchDue();
    assertThat(calls.get()).as("not before the backoff").isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    d.dispatchDue();
    assertThat(calls.get()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    d.dispatchDue();

    assertThat(calls.get()).isEqualTo(3);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.failed);
    assertThat(store.deliveryFailure("u1", clock.instant())).contains("503 from Discord");
  }

  @Test
  void aPermanentFailureFailsAtOnceAndTheGroupReportsDeliveryFailed() throws Exception {
    schedule("u1", 2, "1h");
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    sender.failure = n -> new ReminderSender.DeliveryException("Unknown Channel", true, null);

    dispatcher(3).dispatchDue();

    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.failed);
    var group = StudyGroups.group("ns", "g-u1", "alice");
    group.getSpec().getSchedule().setCount(2);
    GroupContext ctx = GroupContexts.of(group, "u1", clock.instant());
    ReminderSync sync = new ReminderSync(store);
    var report = sync.apply(ctx, sync.plan(ctx, sync.observe(ctx)));
    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(ReminderSync.DELIVERY_FAILED);
    assertThat(report.message()).contains("Unknown Channel");
  }
}
