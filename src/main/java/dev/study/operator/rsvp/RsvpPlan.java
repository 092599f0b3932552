package dev.study.operator.rsvp;

import dev.study.operator.sync.Plan;
import java.util.List;

/**
 * The RSVP rows to write: {@code upserts} are new rows or rows whose response changed, {@code deletes} are rows
 * of former members or of meetings no longer in the schedule. {@code recorded} is what the group's rows will be
 * once the plan is applied, for the status counts.
 */
public record RsvpPlan(List<Rsvp> upserts, List<RsvpKey> deletes, List<Rsvp> recorded) implements Plan {
  public RsvpPlan {
    upserts = List.copyOf(upserts);
    deletes = List.copyOf(deletes);
    recorded = List.copyOf(recorded);
  }

  @Override
  public boolean isEmpty() {
    return upserts.isEmpty() && deletes.isEmpty();
  }

  @Override
  public String summary() {
    return "record " + upserts.size() + ", remove " + deletes.size();
  }

  /** How many of the rows after the plan carry this response. */
  public int count(RsvpResponse response) {
    return (int) recorded.stream().filter(r -> r.response() == response).count();
  }
}
