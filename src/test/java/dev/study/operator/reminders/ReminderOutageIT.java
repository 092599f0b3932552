package dev.study.operator.reminders;

import dev.study.operator.testing.SystemRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.store.PoolSettings;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.GroupContexts;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.RestartablePostgres;
import dev.study.operator.testing.StudyGroups;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reminders across a PostgreSQL outage: the test stops and starts a real server of its own, mid-run and before the
 * operator starts. Nothing is lost, and reminders that came due during the outage are sent once after it.
 */
class ReminderOutageIT {
  private static final PoolSettings TEST_POOL =
      new PoolSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
  private static final Instant DUE = Instant.parse("2027-01-05T17:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final RestartablePostgres pg = RestartablePostgres.started();
  private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T00:00:00Z"));
  private final List<String> nonces = new CopyOnWriteArrayList<>();
  private final ReminderSender sender = new ReminderSender() {
    @Override
    public String send(String guildId, String channelId, String content, String nonce, Set<String> mentions) {
      nonces.add(nonce);
      return "m" + nonces.size();
    }
  };
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    pg.close();
  }

  private Database database() {
    Database db = Database.start(pg.jdbcUrl(), "postgres", null, null, TEST_POOL, Duration.ofMillis(100),
        Duration.ofMillis(500));
    open.add(db);
    return db;
  }

  private ReminderDispatcher dispatcher(Database db) {
    ReminderDispatcher d = new ReminderDispatcher(new JdbiReminderStore(db), sender, clock,
        new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.5), Duration.ofMinutes(2),
        () -> true, new SimpleMeterRegistry());
    open.add(d);
    return d.start(Duration.ofMillis(20));
  }

  private static GroupContext group(String uid, Instant now) {
    var group = StudyGroups.group("ns", "g-" + uid, "alice");
    group.getSpec().getSchedule().setCount(1);
    return GroupContexts.of(group, uid, now);
  }

  private static void schedule(ReminderSync sync, String... uids) throws SyncException {
    for (String uid : uids) {
      GroupContext ctx = group(uid, Instant.parse("2027-01-01T00:00:00Z"));
      SystemRuns.apply(sync, ctx);
    }
  }

  private static boolean allSent(JdbiReminderStore store, String... uids) {
    try {
      for (String uid : uids) {
        if (!store.forGroup(uid).stream().allMatch(r -> r.state() == ReminderState.sent)) {
          return false;
        }
      }
      return true;
    } catch (DatabaseUnavailable e) {
      return false;
    }
  }

  @Test
  void remindersDueWhilePostgresIsStoppedAreSentOnceWhenItIsBack() throws Exception {
    Database db = database();
    await().atMost(WAIT).until(db::ready);
    JdbiReminderStore store = new JdbiReminderStore(db);
    ReminderSync sync = new ReminderSync(store);
    schedule(sync, "u1", "u2", "u3");
    dispatcher(db);

    try (CapturedLogs logs = CapturedLogs.everything()) {
      pg.stop();
      clock.set(DUE.plus(Duration.ofMinutes(10)));
      await().atMost(WAIT).until(() -> db.problem().isPresent());
      assertThatThrownBy(() -> sync.observe(group("u1", clock.instant())))
          .isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.reason()).isEqualTo("DatabaseUnavailable");
          });
      assertThat(nonces).as("nothing can be claimed while PostgreSQL is away").isEmpty();

      pg.start();

      await().atMost(WAIT).until(() -> allSent(store, "u1", "u2", "u3"));
      assertThat(nonces).hasSize(3).doesNotHaveDuplicates();
      assertThat(db.problem()).isEmpty();
      assertThat(logs.text().lines().filter(l -> l.contains("PostgreSQL unavailable")).count())
          .as("one WARN for the outage, not one per 20 ms poll").isEqualTo(1);
      assertThat(logs.text()).doesNotContain("reminder pass failed");
    }
  }

  @Test
  void anOperatorStartedWhilePostgresIsDownSendsWhatCameDueOnceItIsUp() throws Exception {
    Database before = database();
    await().atMost(WAIT).until(before::ready);
    schedule(new ReminderSync(new JdbiReminderStore(before)), "u1", "u2");
    before.close();
    pg.stop();
    clock.set(DUE.plus(Duration.ofMinutes(5)));

    Database db = database();
    JdbiReminderStore store = new JdbiReminderStore(db);
    ReminderDispatcher d = dispatcher(db);
    assertThatThrownBy(() -> new ReminderSync(store).observe(group("u1", clock.instant())))
        .isInstanceOf(DatabaseUnavailable.class);
    await().atMost(WAIT).until(() -> db.problem().orElse("").contains("unavailable since"));
    assertThat(d.stalled(Duration.ofMinutes(1))).as("the dispatcher keeps passing").isEmpty();

    pg.start();

    await().atMost(WAIT).until(() -> allSent(store, "u1", "u2"));
    assertThat(nonces).containsExactlyInAnyOrder(ReminderMessage.nonce(new ReminderKey("u1", 1, "1h")),
        ReminderMessage.nonce(new ReminderKey("u2", 1, "1h")));
  }
}
