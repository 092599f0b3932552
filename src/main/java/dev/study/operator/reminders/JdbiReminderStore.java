package dev.study.operator.reminders;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reminder rows in PostgreSQL, for both their users: the reconciler ({@link ReminderStore}) and the dispatcher
 * ({@link ReminderQueue}). Every SQL statement and transaction boundary on the table is here. Every state change
 * says the state it expects the row in, so two writers never undo each other (a sent reminder never returns to
 * pending). Each statement or transaction is short; nothing holds a row lock or a connection across a Discord call.
 * Database failures come out as {@link DatabaseUnavailable} from {@link Database}, the one place they are
 * translated.
 */
public final class JdbiReminderStore implements ReminderStore, ReminderQueue {
  private static final String COLUMNS = "group_uid, meeting_number, offset_text, namespace, resource_name, group_name,"
      + " guild_id, channel_id, meeting_start, due_at, mentions, state";
  private static final String KEY = "group_uid = :uid AND meeting_number = :number AND offset_text = :offset";
  private static final String RELEASE = "claimed_by = NULL, lease_until = NULL, updated_at = now()";
  private static final String MINE = KEY + " AND claimed_by = :replica";
  private final Database db;

  public JdbiReminderStore(Database db) {
    this.db = db;
  }

  @Override
  public List<Reminder> forGroup(String groupUid) throws DatabaseUnavailable {
    return db.call("read reminders", h -> h.createQuery("SELECT " + COLUMNS + " FROM reminder WHERE group_uid = :uid")
        .bind("uid", groupUid).map(JdbiReminderStore::row).list());
  }

  @Override
  public int apply(ReminderPlan plan) throws DatabaseUnavailable {
    return db.transaction("write reminders", h -> {
      int writes = 0;
      for (Reminder r : plan.create()) {
        writes += h.createUpdate("INSERT INTO reminder (" + COLUMNS + ") VALUES (:uid, :number, :offset, :namespace,"
                + " :name, :groupName, :guild, :channel, :start, :due, :mentions, 'pending')")
            .bindMap(params(r)).execute();
      }
      for (ReminderPlan.Move m : plan.moves()) {
        writes += h.createUpdate("UPDATE reminder SET namespace = :namespace, resource_name = :name,"
                + " group_name = :groupName, guild_id = :guild, channel_id = :channel, meeting_start = :start,"
                + " due_at = :due, mentions = :mentions, state = 'pending', attempts = 0, next_attempt_at = NULL,"
                + " last_error = NULL, " + RELEASE + " WHERE " + KEY + " AND state = :expected")
            .bindMap(params(m.to())).bind("expected", m.from().name()).execute();
      }
      for (Reminder r : plan.cancel()) {
        writes += h.createUpdate("UPDATE reminder SET state = 'cancelled', updated_at = now()"
                + " WHERE " + KEY + " AND state = :expected")
            .bindMap(params(r)).bind("expected", r.state().name()).execute();
      }
      for (Reminder r : plan.drop()) {
        writes += h.createUpdate("UPDATE reminder SET state = 'dropped', updated_at = now(),"
                + " last_error = 'its meeting started while the group was suspended' WHERE " + KEY + " AND state = 'held'")
            .bindMap(params(r)).execute();
      }
      return writes;
    });
  }

  @Override
  public int cancelAll(String groupUid) throws DatabaseUnavailable {
    return db.call("cancel reminders", h -> h.createUpdate("UPDATE reminder SET state = 'cancelled',"
            + " updated_at = now() WHERE group_uid = :uid AND state IN ('pending', 'held')")
        .bind("uid", groupUid).execute());
  }

  @Override
  public int holdAll(String groupUid) throws DatabaseUnavailable {
    return db.call("hold reminders", h -> h.createUpdate("UPDATE reminder SET state = 'held', updated_at = now()"
            + " WHERE group_uid = :uid AND state = 'pending'")
        .bind("uid", groupUid).execute());
  }

  @Override
  public Optional<String> deliveryFailure(String groupUid, Instant now) throws DatabaseUnavailable {
    return db.call("read reminder failures", h -> h.createQuery("SELECT last_error FROM reminder"
            + " WHERE group_uid = :uid AND state = 'failed' AND meeting_start > :now ORDER BY updated_at DESC LIMIT 1")
        .bind("uid", groupUid).bind("now", Timestamp.from(now)).mapTo(String.class).findOne());
  }

  @Override
  public Optional<Delivered> deliverNextDue(Lease lease, Instant now, Delivery delivery) throws DatabaseUnavailable {
    Optional<Claim> claim = claimNext(lease, now);
    if (claim.isEmpty()) {
      return Optional.empty();
    }
    // Between the claim and the record no connection is held: the lease, not a row lock, keeps others off.
    DeliveryResult result = delivery.attempt(claim.get());
    Map<String, Object> mine = mine(claim.get(), lease, result.detail());
    boolean recorded = switch (result.outcome()) {
      case SENT -> markSent(mine);
      case RETRY -> retryLater(mine, result.retryAt());
      case REFUSED -> markFailed(mine);
    };
    return Optional.of(new Delivered(claim.get().reminder(), result, recorded));
  }

  /** One statement, so the row lock lasts only as long as it; an expired lease (its holder died or hung) is taken. */
  private Optional<Claim> claimNext(Lease lease, Instant now) throws DatabaseUnavailable {
    return db.call("claim a reminder", h -> h.createQuery("UPDATE reminder SET claimed_by = :replica,"
            + " lease_until = :lease, updated_at = now() WHERE (group_uid, meeting_number, offset_text) = ("
            + "SELECT group_uid, meeting_number, offset_text FROM reminder WHERE state = 'pending' AND due_at <= :now"
            + " AND meeting_start > :now AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
            + " AND (lease_until IS NULL OR lease_until <= :now)"
            + " ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS + ", attempts")
        .bind("replica", lease.holder()).bind("now", Timestamp.from(now))
        .bind("lease", Timestamp.from(now.plus(lease.length())))
        .map((rs, ctx) -> new Claim(row(rs, ctx), rs.getInt("attempts"))).findOne());
  }

  @Override
  public List<Missed> markMissed(Instant now) throws DatabaseUnavailable {
    return db.call("record missed reminders", h -> h.createQuery("UPDATE reminder SET state = 'missed', "
            + RELEASE + ", last_error = coalesce(last_error, 'not claimed before the meeting started')"
            + " WHERE state = 'pending' AND meeting_start <= :now AND (lease_until IS NULL OR lease_until <= :now)"
            + " RETURNING " + COLUMNS + ", last_error")
        .bind("now", Timestamp.from(now)).map((rs, ctx) -> new Missed(row(rs, ctx), rs.getString("last_error")))
        .list());
  }

  /**
   * A hold or cancel that raced with the send does not stop it being recorded: the message went out. False when
   * the row was moved or taken over.
   */
  private boolean markSent(Map<String, Object> mine) throws DatabaseUnavailable {
    return db.call("mark a reminder sent", h -> h.createUpdate("UPDATE reminder SET state = 'sent',"
            + " message_id = :detail, last_error = NULL, " + RELEASE + " WHERE " + MINE
            + " AND state IN ('pending', 'held', 'cancelled')")
        .bindMap(mine).execute()) == 1;
  }

  /** Records a failed attempt and when to try again, releasing the claim. */
  private boolean retryLater(Map<String, Object> mine, Instant at) throws DatabaseUnavailable {
    return db.call("record a reminder attempt", h -> h.createUpdate("UPDATE reminder SET attempts = attempts + 1,"
            + " next_attempt_at = :at, last_error = :detail, " + RELEASE + " WHERE " + MINE + " AND state = 'pending'")
        .bindMap(mine).bind("at", Timestamp.from(at)).execute()) == 1;
  }

  /** Records a refusal retrying cannot fix. */
  private boolean markFailed(Map<String, Object> mine) throws DatabaseUnavailable {
    return db.call("mark a reminder failed", h -> h.createUpdate("UPDATE reminder SET state = 'failed',"
            + " attempts = attempts + 1, last_error = :detail, " + RELEASE + " WHERE " + MINE + " AND state = 'pending'")
        .bindMap(mine).execute()) == 1;
  }

  @Override
  public int purgeHistory(Instant before) throws DatabaseUnavailable {
    return db.call("purge reminder history", h -> h.createUpdate("DELETE FROM reminder WHERE meeting_start < :before"
            + " AND state IN ('sent', 'cancelled', 'dropped', 'failed', 'missed')")
        .bind("before", Timestamp.from(before)).execute());
  }

  /** Binds a claimed row's key and holder, for a write that happens only while {@code lease} still holds it. */
  private static Map<String, Object> mine(Claim claim, Lease lease, String detail) {
    ReminderKey key = claim.reminder().key();
    Map<String, Object> p = new HashMap<>();
    p.put("uid", key.groupUid());
    p.put("number", key.meetingNumber());
    p.put("offset", key.offset());
    p.put("replica", lease.holder());
    p.put("detail", detail);
    return p;
  }

  private static Map<String, Object> params(Reminder r) {
    Map<String, Object> p = new HashMap<>();
    p.put("uid", r.groupUid());
    p.put("number", r.meetingNumber());
    p.put("offset", r.offset());
    p.put("namespace", r.namespace());
    p.put("name", r.name());
    p.put("groupName", r.groupName());
    p.put("guild", r.guildId());
    p.put("channel", r.channelId());
    p.put("start", Timestamp.from(r.meetingStart()));
    p.put("due", Timestamp.from(r.dueAt()));
    p.put("mentions", r.mentions());
    return p;
  }

  static Reminder row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Reminder(rs.getString("group_uid"), rs.getInt("meeting_number"), rs.getString("offset_text"),
        rs.getString("namespace"), rs.getString("resource_name"), rs.getString("group_name"),
        rs.getString("guild_id"), rs.getString("channel_id"), rs.getTimestamp("meeting_start").toInstant(),
        rs.getTimestamp("due_at").toInstant(), rs.getString("mentions"), ReminderState.valueOf(rs.getString("state")));
  }
}
