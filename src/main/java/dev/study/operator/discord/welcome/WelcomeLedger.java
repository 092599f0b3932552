package dev.study.operator.discord.welcome;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import java.sql.Types;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The welcome ledger in PostgreSQL (tables {@code welcome} and {@code welcome_group}): which members of a group
 * have been welcomed, skipped or found undeliverable, and whether the group's first reconcile set it up.
 */
public final class WelcomeLedger {
  private static final String UPSERT = "INSERT INTO welcome"
      + " (group_uid, member_id, discord_user_id, outcome, message_id, detail) VALUES"
      + " (:uid, :member, :user, :outcome, :message, :detail)"
      + " ON CONFLICT (group_uid, member_id) DO UPDATE SET discord_user_id = excluded.discord_user_id,"
      + " outcome = excluded.outcome, message_id = excluded.message_id, detail = excluded.detail, sent_at = now()";
  private final Jdbi jdbi;
  private final Database db;

  public WelcomeLedger(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.db = null;
  }

  /**
   * Over the operator's database, through {@link Database#call}: until PostgreSQL is up and migrated, and during
   * an outage, every method fails at once with {@link PostgresUnavailable}, which {@link WelcomingDiscordSync}
   * reports as DatabaseUnavailable while channel access goes on.
   */
  public WelcomeLedger(Database db) {
    this.jdbi = db.jdbi();
    this.db = db;
  }

  /** The database could not be used; a {@link JdbiException} because that is what the ledger's callers catch. */
  public static final class PostgresUnavailable extends JdbiException {
    PostgresUnavailable(DatabaseUnavailable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
    if (db == null) {
      return jdbi.withHandle(callback);
    }
    try {
      return db.call(what, callback);
    } catch (DatabaseUnavailable e) {
      throw new PostgresUnavailable(e);
    }
  }

  private void transaction(String what, HandleCallback<Void, RuntimeException> callback) {
    if (db == null) {
      jdbi.inTransaction(callback);
      return;
    }
    try {
      db.transaction(what, callback);
    } catch (DatabaseUnavailable e) {
      throw new PostgresUnavailable(e);
    }
  }

  public ObservedWelcomes read(String groupUid) {
    return call("read the welcome ledger", h -> {
      boolean initialized = h.createQuery("SELECT EXISTS (SELECT 1 FROM welcome_group WHERE group_uid = :uid)")
          .bind("uid", groupUid).mapTo(Boolean.class).one();
      var entries = h.createQuery("SELECT member_id, discord_user_id, outcome FROM welcome WHERE group_uid = :uid"
              + " ORDER BY member_id")
          .bind("uid", groupUid)
          .map((rs, ctx) -> new WelcomeEntry(rs.getString("member_id"), rs.getString("discord_user_id"),
              WelcomeOutcome.valueOf(rs.getString("outcome"))))
          .list();
      return new ObservedWelcomes(initialized, entries);
    });
  }

  /**
   * Writes the plan's bookkeeping in one transaction, before any DM: rows of former members go, skipped
   * initial members are recorded, and the group is marked as set up.
   */
  public void prepare(String groupUid, WelcomePlan plan) {
    if (plan.forget().isEmpty() && plan.skip().isEmpty() && !plan.initialize()) {
      return;
    }
    transaction("prepare welcomes", h -> {
      if (!plan.forget().isEmpty()) {
        PreparedBatch batch = h.prepareBatch("DELETE FROM welcome WHERE group_uid = :uid AND member_id = :member");
        plan.forget().forEach(id -> batch.bind("uid", groupUid).bind("member", id).add());
        batch.execute();
      }
      if (!plan.skip().isEmpty()) {
        PreparedBatch batch = h.prepareBatch(UPSERT);
        plan.skip().forEach(r -> batch.bind("uid", groupUid).bind("member", r.memberId())
            .bind("user", r.discordUserId()).bind("outcome", WelcomeOutcome.skipped.name())
            .bindNull("message", Types.VARCHAR).bindNull("detail", Types.VARCHAR).add());
        batch.execute();
      }
      if (plan.initialize()) {
        h.createUpdate("INSERT INTO welcome_group (group_uid) VALUES (:uid) ON CONFLICT DO NOTHING")
            .bind("uid", groupUid).execute();
      }
      return null;
    });
  }

  /** Records how one member's welcome ended; {@code messageId} for a sent one, {@code detail} for a refusal. */
  public void record(String groupUid, WelcomeRecipient recipient, WelcomeOutcome outcome, String messageId,
      String detail) {
    call("record a welcome", h -> h.createUpdate(UPSERT)
        .bind("uid", groupUid).bind("member", recipient.memberId()).bind("user", recipient.discordUserId())
        .bind("outcome", outcome.name()).bind("message", messageId).bind("detail", detail)
        .execute());
  }

  /** Deletes the group's ledger (finalizer, deletionPolicy Delete). */
  public void deleteGroup(String groupUid) {
    transaction("delete the welcome ledger", h -> {
      h.createUpdate("DELETE FROM welcome WHERE group_uid = :uid").bind("uid", groupUid).execute();
      h.createUpdate("DELETE FROM welcome_group WHERE group_uid = :uid").bind("uid", groupUid).execute();
      return null;
    });
  }
}
