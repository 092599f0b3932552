package dev.study.operator.rsvp;

import dev.study.operator.store.DatabaseUnavailable;
import java.util.List;

/**
 * A group's recorded RSVPs: read them, apply a plan to them, delete them. An adapter's database failures come out
 * as {@link DatabaseUnavailable}, retryable.
 */
public interface RsvpStore {
  /** The group's rows, sorted by meeting and member. */
  List<Rsvp> forGroup(String groupUid) throws DatabaseUnavailable;

  /**
   * Applies a plan all or nothing; returns the number of rows written. An upsert whose row already holds the
   * response (someone else wrote it meanwhile) writes nothing.
   */
  int apply(String groupUid, RsvpPlan plan) throws DatabaseUnavailable;

  /** Deletes every row of a group (finalizer, deletionPolicy Delete); returns how many went. */
  int deleteAll(String groupUid) throws DatabaseUnavailable;
}
