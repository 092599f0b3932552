package dev.study.operator.rsvp;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link RsvpStore} on PostgreSQL: one query to read a group's rows, one transaction to apply a plan. Database
 * failures come out as {@link DatabaseUnavailable} from {@link Database}, the one place they are translated.
 */
public final class JdbiRsvpStore implements RsvpStore {
  private final Database db;

  public JdbiRsvpStore(Database db) {
    this.db = db;
  }

  @Override
  public List<Rsvp> forGroup(String groupUid) throws DatabaseUnavailable {
    return db.call("read RSVPs", h -> h.createQuery(
            "SELECT meeting_number, member_id, response FROM rsvp WHERE group_uid = :uid"
                + " ORDER BY meeting_number, member_id")
        .bind("uid", groupUid)
        .map((rs, ctx) -> new Rsvp(rs.getInt("meeting_number"), rs.getString("member_id"),
            RsvpResponse.valueOf(rs.getString("response"))))
        .list());
  }

  @Override
  public int apply(String groupUid, RsvpPlan plan) throws DatabaseUnavailable {
    if (plan.isEmpty()) {
      return 0;
    }
    return db.transaction("write RSVPs", h -> {
      int writes = 0;
      if (!plan.upserts().isEmpty()) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO rsvp (group_uid, meeting_number, member_id, response)"
            + " VALUES (:uid, :number, :member, :response)"
            + " ON CONFLICT (group_uid, meeting_number, member_id) DO UPDATE"
            + " SET response = excluded.response, updated_at = now()"
            + " WHERE rsvp.response <> excluded.response");
        for (Rsvp r : plan.upserts()) {
          batch.bind("uid", groupUid).bind("number", r.meetingNumber()).bind("member", r.memberId())
              .bind("response", r.response().name()).add();
        }
        writes += sum(batch.execute());
      }
      if (!plan.deletes().isEmpty()) {
        PreparedBatch batch = h.prepareBatch(
            "DELETE FROM rsvp WHERE group_uid = :uid AND meeting_number = :number AND member_id = :member");
        for (RsvpKey k : plan.deletes()) {
          batch.bind("uid", groupUid).bind("number", k.meetingNumber()).bind("member", k.memberId()).add();
        }
        writes += sum(batch.execute());
      }
      return writes;
    });
  }

  @Override
  public int deleteAll(String groupUid) throws DatabaseUnavailable {
    return db.call("delete RSVPs", h -> h.createUpdate("DELETE FROM rsvp WHERE group_uid = :uid")
        .bind("uid", groupUid).execute());
  }

  private static int sum(int[] counts) {
    int total = 0;
    for (int c : counts) {
      total += Math.max(c, 0);
    }
    return total;
  }
}
