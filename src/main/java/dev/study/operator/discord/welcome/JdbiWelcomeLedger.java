package dev.study.operator.discord.welcome;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import java.sql.Types;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The welcome ledger in PostgreSQL, tables {@code welcome} (one row per group and member) and
 * {@code welcome_group} (a row once the group's first reconcile set it up). Every call goes through
 * {@link Database}, the one place where database errors become {@link DatabaseUnavailable}: until PostgreSQL is
 * up and migrated, and during an outage, every method fails that way at once.
 */
public final class JdbiWelcomeLedger implements WelcomeLedger {
  private static final String UPSERT = "INSERT INTO welcome"
      + " (group_uid, member_id, discord_user_id, outcome, message_id, detail) VALUES"
      + " (:uid, :member, :user, :outcome, :message, :detail)"
      + " ON CONFLICT (group_uid, member_id) DO UPDATE SET discord_user_id = excluded.discord_user_id,"
      + " outcome = excluded.outcome, message_id = excluded.message_id, detail = excluded.detail, sent_at = now()";
  private final Database db;

  public JdbiWelcomeLedger(Database db) {
    this.db = db;
  }

  @Override
  public ObservedWelcomes read(String groupUid) throws DatabaseUnavailable {
    return db.call("read the welcome ledger", h -> {
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

  /** In one transaction. */
  @Override
  public void prepare(String groupUid, WelcomePlan plan) throws DatabaseUnavailable {
    if (plan.forget().isEmpty() && plan.skip().isEmpty() && !plan.initialize()) {
      return;
    }
    db.transaction("write the welcome ledger", h -> {
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

  @Override
  public void record(String groupUid, WelcomeRecipient recipient, WelcomeOutcome outcome, String messageId,
      String detail) throws DatabaseUnavailable {
    db.call("write the welcome ledger", h -> h.createUpdate(UPSERT)
        .bind("uid", groupUid).bind("member", recipient.memberId()).bind("user", recipient.discordUserId())
        .bind("outcome", outcome.name()).bind("message", messageId).bind("detail", detail)
        .execute());
  }

  /** In one transaction. */
  @Override
  public void deleteGroup(String groupUid) throws DatabaseUnavailable {
    db.transaction("delete the welcome ledger", h -> {
      h.createUpdate("DELETE FROM welcome WHERE group_uid = :uid").bind("uid", groupUid).execute();
      h.createUpdate("DELETE FROM welcome_group WHERE group_uid = :uid").bind("uid", groupUid).execute();
      return null;
    });
  }
}
