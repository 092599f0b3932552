package dev.study.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.testing.TestPostgres;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The Flyway schema on a real PostgreSQL. */
class DatabaseIT {
  @Test
  void migratesAFreshSchemaAndEnforcesOneReminderPerMeetingAndOffset() {
    Database db = TestPostgres.freshDatabase();
    String insert = "INSERT INTO reminder (group_uid, meeting_number, offset_text, namespace, group_name, channel_id,"
        + " meeting_start, due_at) VALUES ('u1', 1, '1h', 'ns', 'g', 'c', now(), now())";

    db.jdbi().useHandle(h -> h.execute(insert));

    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(insert)))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("duplicate key");
    int version = db.jdbi().withHandle(h ->
        h.createQuery("SELECT max(installed_rank) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
    assertThat(version).isEqualTo(1);
  }

  @Test
  void rejectsAnUnknownRsvpResponse() {
    Database db = TestPostgres.freshDatabase();
    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
        "INSERT INTO rsvp (group_uid, meeting_number, member_id, response) VALUES ('u', 1, 'alice', 'maybe')")))
        .hasMessageContaining("rsvp_response_check");
  }
}
