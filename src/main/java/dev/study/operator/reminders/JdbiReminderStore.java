package dev.study.operator.reminders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reminder rows in PostgreSQL: the reconciler's reads and writes, and the dispatcher's claims. */
public final class JdbiReminderStore {
  private static final String COLUMNS = "group_uid, meeting_number, offset_text, namespace, group_name, channel_id,"
      + " meeting_start, due_at, mentions, state";
  private final Jdbi jdbi;

  public JdbiReminderStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Reminder> forGroup(String groupUid) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM reminder WHERE group_uid = :uid")
        .bind("uid", groupUid).map(JdbiReminderStore::row).list());
  }

  /** Applies a plan in one transaction; returns the number of rows written. */
  public int apply(ReminderPlan plan) {
    return jdbi.inTransaction(h -> {
      int writes = 0;
      for (Reminder r : plan.create()) {
        writes += h.createUpdate("INSERT INTO reminder (" + COLUMNS + ") VALUES (:uid, :number, :offset, :namespace,"
                + " :groupName, :channel, :start, :due, :mentions, 'pending')")
            .bindMap(params(r)).execute();
      }
      for (Reminder r : plan.move()) {
        writes += h.createUpdate("UPDATE reminder SET namespace = :namespace, group_name = :groupName,"
                + " channel_id = :channel, meeting_start = :start, due_at = :due, mentions = :mentions,"
                + " state = 'pending', attempts = 0, next_attempt_at = NULL, last_error = NULL, updated_at = now()"
                + " WHERE group_uid = :uid AND meeting_number = :number AND offset_text = :offset")
            .bindMap(params(r)).execute();
      }
      for (Reminder r : plan.cancel()) {
        writes += h.createUpdate("UPDATE reminder SET state = 'cancelled', updated_at = now()"
                + " WHERE group_uid = :uid AND meeting_number = :number AND offset_text = :offset AND state = 'pending'")
            .bindMap(params(r)).execute();
      }
      return writes;
    });
  }

  /** Cancels every pending reminder of a group (finalizer, deletionPolicy Delete). */
  public int cancelAll(String groupUid) {
    return jdbi.withHandle(h -> h.createUpdate(
            "UPDATE reminder SET state = 'cancelled', updated_at = now() WHERE group_uid = :uid AND state = 'pending'")
        .bind("uid", groupUid).execute());
  }

  /**
   * Locks the earliest due pending reminder for the duration of the handle's transaction, skipping rows another
   * dispatcher holds, so replicas never work on the same reminder at once.
   */
  Optional<Reminder> claimDue(Handle h, Instant now) {
    return h.createQuery("SELECT " + COLUMNS + " FROM reminder WHERE state = 'pending' AND due_at <= :now"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
            + " ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
        .bind("now", Timestamp.from(now)).map(JdbiReminderStore::row).findOne();
  }

  void markSent(Handle h, ReminderKey key, String messageId) {
    update(h, key, "state = 'sent', message_id = :detail, last_error = NULL", messageId);
  }

  void markDropped(Handle h, ReminderKey key, String why) {
    update(h, key, "state = 'dropped', last_error = :detail", why);
  }

  void markFailed(Handle h, ReminderKey key, String error) {
    update(h, key, "state = 'failed', attempts = attempts + 1, last_error = :detail", error);
  }

  void retryLater(Handle h, ReminderKey key, Instant at, String error) {
    h.createUpdate("UPDATE reminder SET attempts = attempts + 1, next_attempt_at = :at, last_error = :error,"
            + " updated_at = now() WHERE group_uid = :uid AND meeting_number = :number AND offset_text = :offset")
        .bind("at", Timestamp.from(at)).bind("error", error)
        .bind("uid", key.groupUid()).bind("number", key.meetingNumber()).bind("offset", key.offset())
        .execute();
  }

  int attempts(Handle h, ReminderKey key) {
    return h.createQuery("SELECT attempts FROM reminder WHERE group_uid = :uid AND meeting_number = :number"
            + " AND offset_text = :offset")
        .bind("uid", key.groupUid()).bind("number", key.meetingNumber()).bind("offset", key.offset())
        .mapTo(Integer.class).one();
  }

  /** The last delivery error of a group's failed reminders of meetings still to come, if any. */
  public Optional<String> deliveryFailure(String groupUid, Instant now) {
    return jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM reminder WHERE group_uid = :uid"
            + " AND state = 'failed' AND meeting_start > :now ORDER BY updated_at DESC LIMIT 1")
        .bind("uid", groupUid).bind("now", Timestamp.from(now)).mapTo(String.class).findOne());
  }

  Jdbi jdbi() {
    return jdbi;
  }

  private static void update(Handle h, ReminderKey key, String set, String detail) {
    h.createUpdate("UPDATE reminder SET " + set + ", updated_at = now()"
            + " WHERE group_uid = :uid AND meeting_number = :number AND offset_text = :offset")
        .bind("detail", detail)
        .bind("uid", key.groupUid()).bind("number", key.meetingNumber()).bind("offset", key.offset())
        .execute();
  }

  private static java.util.Map<String, Object> params(Reminder r) {
    return java.util.Map.of("uid", r.groupUid(), "number", r.meetingNumber(), "offset", r.offset(),
        "namespace", r.namespace(), "groupName", r.groupName(), "channel", r.channelId(),
        "start", Timestamp.from(r.meetingStart()), "due", Timestamp.from(r.dueAt()), "mentions", r.mentions());
  }

  private static Reminder row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Reminder(rs.getString("group_uid"), rs.getInt("meeting_number"), rs.getString("offset_text"),
        rs.getString("namespace"), rs.getString("group_name"), rs.getString("channel_id"),
        rs.getTimestamp("meeting_start").toInstant(), rs.getTimestamp("due_at").toInstant(),
        rs.getString("mentions"), ReminderState.valueOf(rs.getString("state")));
  }
}
