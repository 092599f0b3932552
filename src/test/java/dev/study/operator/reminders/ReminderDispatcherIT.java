package dev.study.operator.reminders;

import dev.study.operator.testing.SystemRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.GroupContexts;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's claims on a real PostgreSQL. The sender is a double of the narrow {@link ReminderSender}
 * port that records what it was asked; the real DiscordReminderSender against the fake Discord is tested
 * elsewhere. Time is a {@link MutableClock} the test moves.
 */
class ReminderDispatcherIT {
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Instant DUE = Instant.parse("2027-01-05T17:00:00Z");
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");
  private final Database db = TestPostgres.freshDatabase();
  private final JdbiReminderStore store = new JdbiReminderStore(db);
  private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T00:00:00Z"));
  private final BackoffPolicy backoff = new BackoffPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSender sender = new RecordingSender();

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  /** Records every send that went through; can fail in the ways a test asks. */
  static final class RecordingSender implements ReminderSender {
    final List<String> nonces = new CopyOnWriteArrayList<>();
    final Map<String, String> contentByNonce = new ConcurrentHashMap<>();
    final Map<String, String> guildByNonce = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile Function<String, DeliveryException> failure = n -> null;
    volatile boolean crashAfterNextSend;

    @Override
    public String send(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
        throws DeliveryException {
      calls.incrementAndGet();
      DeliveryException e = failure.apply(nonce);
      if (e != null) {
        throw e;
      }
      nonces.add(nonce);
      contentByNonce.put(nonce, content);
      guildByNonce.put(nonce, guildId);
      if (crashAfterNextSend) {
        crashAfterNextSend = false;
        throw new IllegalStateException("operator killed between send and commit");
      }
      return "m" + nonces.size();
    }
  }

  private ReminderDispatcher dispatcher() {
    return dispatcher(sender, () -> true);
  }

  private ReminderDispatcher dispatcher(ReminderSender s, java.util.function.BooleanSupplier connected) {
    return new ReminderDispatcher(store, s, clock, backoff, LEASE, connected, registry);
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
      SystemRuns.apply(sync, ctx);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Reminder row(String uid, int meeting, String offset) throws DatabaseUnavailable {
    return store.forGroup(uid).stream().filter(r -> r.meetingNumber() == meeting && r.offset().equals(offset))
        .findFirst().orElseThrow();
  }

  private ReminderState state(String uid, int meeting, String offset) throws DatabaseUnavailable {
    return row(uid, meeting, offset).state();
  }

  private Map<String, Object> bookkeeping(String uid, int meeting) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT attempts, next_attempt_at, last_error, claimed_by"
            + " FROM reminder WHERE group_uid = :uid AND meeting_number = :n")
        .bind("uid", uid).bind("n", meeting).mapToMap().one());
  }

  private static String nonce(String uid, int meeting, String offset) {
    return ReminderMessage.nonce(new ReminderKey(uid, meeting, offset));
  }

  @Test
  void sendsADueReminderOnceWhenItsTimeComesThroughItsGuild() throws Exception {
    schedule("u1", 1, "1h");
    ReminderDispatcher d = dispatcher();

    assertThat(d.dispatchDue()).isZero();
    clock.set(DUE);
    assertThat(d.dispatchDue()).isEqualTo(1);
    assertThat(d.dispatchDue()).isZero();

    assertThat(sender.nonces).containsExactly(nonce("u1", 1, "1h"));
    assertThat(sender.guildByNonce.values()).containsExactly(StudyGroups.GUILD);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
    assertThat(sender.contentByNonce.values()).singleElement().asString().contains("meeting 1");
    assertThat(bookkeeping("u1", 1).get("claimed_by")).as("the claim is released").isNull();
  }

  @Test
  void twoDispatchersOnOneDatabaseSendEachReminderExactlyOnce() {
    for (int g = 0; g < 40; g++) {
      schedule("u" + g, 1, "1h", "24h");
    }
    clock.set(Instant.parse("2027-01-05T17:30:00Z"));
    ReminderDispatcher a = dispatcher();
    ReminderDispatcher b = dispatcher();

    var first = CompletableFuture.supplyAsync(a::dispatchDue);
    var second = CompletableFuture.supplyAsync(b::dispatchDue);

    assertThat(first.join() + second.join()).isEqualTo(80);
    assertThat(sender.nonces).hasSize(80).doesNotHaveDuplicates();
  }

  @Test
  void aCrashAfterTheSendIsAnAttemptAndTheRetryReusesTheNonce() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(DUE);
    sender.crashAfterNextSend = true;
    ReminderDispatcher d = dispatcher();

    d.dispatchDue();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.pending);
    assertThat(bookkeeping("u1", 1)).containsEntry("attempts", 1);
    assertThat((String) bookkeeping("u1", 1).get("last_error")).contains("IllegalStateException");
    clock.advance(Duration.ofSeconds(5));
    d.dispatchDue();

    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
    assertThat(sender.nonces).hasSize(2).containsOnly(nonce("u1", 1, "1h"));
  }

  @Test
  void aPoisonedRowIsRecordedAsAnAttemptAndDoesNotStallTheOthers() throws Exception {
    schedule("poison", 1, "2h");
    schedule("u1", 1, "1h");
    schedule("u2", 1, "1h");
    clock.set(DUE);
    String poisoned = nonce("poison", 1, "2h");
    ReminderSender throwing = (guild, channel, content, nonce, mentions) -> {
      if (nonce.equals(poisoned)) {
        throw new IllegalArgumentException("a bug that only this row triggers");
      }
      return sender.send(guild, channel, content, nonce, mentions);
    };
    ReminderDispatcher d = dispatcher(throwing, () -> true);

    assertThat(d.dispatchDue()).isEqualTo(3);
    assertThat(d.dispatchDue()).as("the poisoned row waits out its backoff instead of being claimed again").isZero();

    assertThat(sender.nonces).containsExactlyInAnyOrder(nonce("u1", 1, "1h"), nonce("u2", 1, "1h"));
    assertThat(state("poison", 1, "2h")).isEqualTo(ReminderState.pending);
    Map<String, Object> poison = bookkeeping("poison", 1);
    assertThat(poison).containsEntry("attempts", 1);
    assertThat(poison.get("next_attempt_at")).isNotNull();
    assertThat((String) poison.get("last_error")).contains("IllegalArgumentException");
  }

  @Test
  void aDispatcherKilledAfterItsClaimIsTakenOverWhenTheLeaseRunsOutWithTheSameNonce() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(DUE);
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch killed = new CountDownLatch(1);
    ReminderSender hanging = (guild, channel, content, nonce, mentions) -> {
      claimed.countDown();
      try {
        killed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the process died before the message went out");
    };
    ReminderDispatcher dying = dispatcher(hanging, () -> true);
    ReminderDispatcher survivor = dispatcher();
    CompletableFuture<Integer> dyingPass = CompletableFuture.supplyAsync(dying::dispatchDue);
    assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(survivor.dispatchDue()).as("the lease keeps others off").isZero();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(survivor.dispatchDue()).isEqualTo(1);
    killed.countDown();
    dyingPass.get(10, TimeUnit.SECONDS);

    assertThat(sender.nonces).containsExactly(nonce("u1", 1, "1h"));
    assertThat(state("u1", 1, "1h")).as("the dead claimer's late failure does not undo the send")
        .isEqualTo(ReminderState.sent);
    assertThat(survivor.dispatchDue()).isZero();
    assertThat(sender.nonces).hasSize(1);
  }

  @Test
  void aTwoMinuteDiscordOutageAroundTheDueTimeDelaysTheReminderButSendsItOnce() throws Exception {
    schedule("u1", 1, "1h");
    Instant outageEnds = DUE.plus(Duration.ofMinutes(1));
    clock.set(DUE.minus(Duration.ofMinutes(1)));
    sender.failure = n -> clock.instant().isBefore(outageEnds)
        ? new ReminderSender.DeliveryException("GATEWAY_UNAVAILABLE: Discord gateway reconnecting", false, null)
        : null;
    ReminderDispatcher d = dispatcher();

    Instant sentAt = null;
    while (clock.instant().isBefore(DUE.plus(Duration.ofMinutes(10))) && sentAt == null) {
      d.dispatchDue();
      if (!sender.nonces.isEmpty()) {
        sentAt = clock.instant();
      }
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(sentAt).isNotNull().isAfterOrEqualTo(outageEnds).isBefore(outageEnds.plusSeconds(30));
    assertThat(sender.calls.get()).as("tried during the outage, with backoff").isBetween(3, 10);
    assertThat(sender.nonces).containsExactly(nonce("u1", 1, "1h"));
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
  }

  @Test
  void aReplicaWhoseDiscordSessionIsNotConnectedClaimsNothingAndBurnsNoAttempts() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(DUE);
    AtomicBoolean connected = new AtomicBoolean(false);
    ReminderDispatcher d = dispatcher(sender, connected::get);

    for (int i = 0; i < 20; i++) {
      d.dispatchDue();
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(sender.calls.get()).isZero();
    assertThat(bookkeeping("u1", 1)).containsEntry("attempts", 0).containsEntry("claimed_by", null);

    connected.set(true);
    d.dispatchDue();
    assertThat(sender.nonces).hasSize(1);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
  }

  @Test
  void retriesUntilTheMeetingStartsThenRecordsItMissedWithAWarningAndAMetric() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(DUE);
    sender.failure = n -> new ReminderSender.DeliveryException("SERVER_ERROR: 503 from Discord", false, null);
    ReminderDispatcher d = dispatcher();

    try (CapturedLogs logs = CapturedLogs.everything()) {
      while (!clock.instant().isAfter(START.plusSeconds(1))) {
        d.dispatchDue();
        clock.advance(Duration.ofSeconds(5));
      }
      assertThat(logs.text()).contains("reminder ns/g-u1 meeting 1 offset 1h missed its deadline")
          .contains("503 from Discord");
    }

    assertThat(sender.calls.get()).as("far more than a fixed five attempts").isGreaterThan(10);
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.missed);
    assertThat(registry.get("studygroup.reminders.missed").counter().count()).isEqualTo(1.0);
    assertThat(sender.nonces).isEmpty();
  }

  @Test
  void aReminderFirstSeenAfterItsMeetingStartedIsMissedNotSent() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(START.plus(Duration.ofMinutes(5)));

    dispatcher().dispatchDue();

    assertThat(sender.calls.get()).isZero();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.missed);
    assertThat(registry.get("studygroup.reminders.missed").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aPermanentFailureFailsAtOnceAndTheGroupReportsDeliveryFailed() throws Exception {
    schedule("u1", 2, "1h");
    clock.set(DUE);
    sender.failure = n -> new ReminderSender.DeliveryException("Unknown Channel", true, null);

    dispatcher().dispatchDue();

    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.failed);
    var group = StudyGroups.group("ns", "g-u1", "alice");
    group.getSpec().getSchedule().setCount(2);
    GroupContext ctx = GroupContexts.of(group, "u1", clock.instant());
    ReminderSync sync = new ReminderSync(store);
    var report = SystemRuns.apply(sync, ctx);
    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(ReminderSync.DELIVERY_FAILED);
    assertThat(report.message()).contains("Unknown Channel");
  }

  @Test
  void aMoveRacingTheSendNeverBringsASentReminderBack() throws Exception {
    schedule("u1", 2, "1h");
    var group = StudyGroups.group("ns", "g-u1", "alice");
    group.getSpec().getSchedule().setCount(2);
    group.getSpec().getSchedule().setFirstMeeting("2027-01-05T19:00");
    clock.set(DUE);
    GroupContext ctx = GroupContexts.of(group, "u1", clock.instant());
    ReminderSync sync = new ReminderSync(store);
    ObservedReminders seenWhilePending = sync.observe(ctx);

    dispatcher().dispatchDue();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
    ReminderPlan plan = sync.plan(ctx, seenWhilePending);
    assertThat(plan.move()).extracting(Reminder::meetingNumber).contains(1);
    sync.apply(ctx, plan);

    assertThat(state("u1", 1, "1h")).as("sent is history").isEqualTo(ReminderState.sent);
    assertThat(row("u1", 2, "1h").dueAt()).as("the other row moved").isEqualTo(Instant.parse("2027-01-12T18:00:00Z"));
    clock.set(Instant.parse("2027-01-05T18:00:00Z"));
    dispatcher().dispatchDue();
    assertThat(sender.nonces).hasSize(1);
  }

  @Test
  void startsPollingOnItsOwnAndReportsProgressForLiveness() throws Exception {
    schedule("u1", 1, "1h");
    clock.set(DUE);
    try (ReminderDispatcher d = dispatcher().start(Duration.ofMillis(20))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> sender.nonces.size() == 1);
      assertThat(d.stalled(Duration.ofSeconds(1))).isEmpty();
    }
    ReminderDispatcher stopped = dispatcher();
    clock.advance(Duration.ofMinutes(3));
    assertThat(stopped.stalled(Duration.ofMinutes(2))).get().asString().contains("no reminder pass completed");
  }

  @Test
  void purgesHistoryOfLongPastMeetingsButNeverPendingRows() throws Exception {
    schedule("u1", 2, "1h");
    clock.set(DUE);
    dispatcher().dispatchDue();
    assertThat(state("u1", 1, "1h")).isEqualTo(ReminderState.sent);
    db.jdbi().useHandle(h -> h.execute("UPDATE reminder SET state = 'held' WHERE meeting_number = 2"));

    clock.set(START.plus(ReminderDispatcher.HISTORY_RETENTION).plus(Duration.ofDays(30)));
    dispatcher().dispatchDue();

    assertThat(store.forGroup("u1")).extracting(Reminder::meetingNumber).containsExactly(2);
  }
}
