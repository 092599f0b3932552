package dev.study.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.RestartablePostgres;
import dev.study.operator.testing.TestPostgres;
import java.time.Duration;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The Flyway schema and the pool on a real PostgreSQL, including one the test stops and starts. */
class DatabaseIT {
  /** Short timeouts so that a stopped server is noticed in a second, not in production's 5 to 30 s. */
  static final PoolSettings TEST_POOL =
      new PoolSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));

  static Database started(RestartablePostgres pg) {
    return Database.start(pg.jdbcUrl(), "postgres", "not-logged-secret", null, TEST_POOL, Duration.ofMillis(100),
        Duration.ofMillis(500));
  }

  @Test
  void migratesAFreshSchemaAndEnforcesOneReminderPerMeetingAndOffset() {
    String insert = "INSERT INTO reminder (group_uid, meeting_number, offset_text, namespace, group_name, channel_id,"
        + " meeting_start, due_at) VALUES ('u1', 1, '1h', 'ns', 'g', 'c', now(), now())";
    try (Database db = TestPostgres.freshDatabase()) {
      db.jdbi().useHandle(h -> h.execute(insert));

      assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(insert)))
          .isInstanceOf(UnableToExecuteStatementException.class)
          .hasMessageContaining("duplicate key");
      int version = db.jdbi().withHandle(h -> h.createQuery(
          "SELECT max(installed_rank) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
      assertThat(version).isEqualTo(2);
    }
  }

  @Test
  void everyPooledConnectionCarriesTheStatementTimeout() throws Exception {
    try (Database db = TestPostgres.freshDatabase()) {
      String timeout = db.call("show", h -> h.createQuery("SHOW statement_timeout").mapTo(String.class).one());
      assertThat(timeout).isEqualTo("15s");
      assertThatThrownBy(() -> db.call("sleep", h -> h.execute("SET statement_timeout = 100; SELECT pg_sleep(2)")))
          .isInstanceOf(DatabaseUnavailable.class).hasMessageContaining("57014");
      assertThat(db.problem()).as("one slow statement is not an outage").isEmpty();
    }
  }

  @Test
  void rejectsAnUnknownRsvpResponse() {
    try (Database db = TestPostgres.freshDatabase()) {
      assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
          "INSERT INTO rsvp (group_uid, meeting_number, member_id, response) VALUES ('u', 1, 'alice', 'maybe')")))
          .hasMessageContaining("rsvp_response_check");
    }
  }

  @Test
  void aReminderStateOutsideTheLifeCycleIsRejected() {
    try (Database db = TestPostgres.freshDatabase()) {
      assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("INSERT INTO reminder (group_uid, meeting_number,"
          + " offset_text, namespace, group_name, channel_id, meeting_start, due_at, state)"
          + " VALUES ('u1', 1, '1h', 'ns', 'g', 'c', now(), now(), 'claimed')")))
          .hasMessageContaining("reminder_state_check");
      db.jdbi().useHandle(h -> h.execute("INSERT INTO reminder (group_uid, meeting_number, offset_text, namespace,"
          + " group_name, channel_id, meeting_start, due_at, state) VALUES ('u1', 1, '1h', 'ns', 'g', 'c', now(),"
          + " now(), 'missed')"));
    }
  }

  @Test
  void startsWithTheServerDownThenMigratesAndServesWhenItComesUp() throws Exception {
    try (RestartablePostgres pg = RestartablePostgres.started(); CapturedLogs logs = CapturedLogs.everything()) {
      pg.stop();

      Database db = started(pg);
      try {
        assertThat(db.ready()).isFalse();
        assertThatThrownBy(() -> db.call("read", h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()))
            .isInstanceOf(DatabaseUnavailable.class)
            .hasMessageContaining("not migrated yet");
        await().atMost(Duration.ofSeconds(20)).until(() -> db.problem().orElse("").contains("unavailable since"));

        pg.start();

        await().atMost(Duration.ofSeconds(30)).until(db::ready);
        Integer rows = db.call("read", h -> h.createQuery("SELECT count(*) FROM reminder").mapTo(Integer.class).one());
        assertThat(rows).isZero();
        assertThat(db.problem()).isEmpty();
      } finally {
        db.close();
      }
      assertThat(logs.text()).doesNotContain("not-logged-secret");
      assertThat(logs.text().lines().filter(l -> l.contains("PostgreSQL unavailable")).count())
          .as("one WARN for the whole outage, however many migration attempts failed").isEqualTo(1);
    }
  }

  @Test
  void aServerStoppedMidRunIsReportedThenUsedAgainWhenItIsBack() throws Exception {
    try (RestartablePostgres pg = RestartablePostgres.started()) {
      Database db = started(pg);
      try {
        await().atMost(Duration.ofSeconds(20)).until(db::ready);
        db.call("write", h -> h.execute("INSERT INTO welcome_group (group_uid) VALUES ('kept')"));

        pg.stop();
        assertThatThrownBy(() -> db.call("read", h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()))
            .isInstanceOf(DatabaseUnavailable.class)
            .satisfies(e -> assertThat(((DatabaseUnavailable) e).retryable()).isTrue());
        assertThat(db.ready()).isFalse();

        pg.start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> db.call("read", h -> h.createQuery(
            "SELECT count(*) FROM welcome_group WHERE group_uid = 'kept'").mapTo(Integer.class).one()) == 1);
        assertThat(db.ready()).isTrue();
      } finally {
        db.close();
      }
    }
  }
}
