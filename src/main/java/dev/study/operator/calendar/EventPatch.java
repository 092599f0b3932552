package dev.study.operator.calendar;

import dev.study.operator.calendar.model.Attendee;
import java.util.List;
import java.util.Set;

/**
 * A patch that brings an existing event back to its desired state. It always carries every field the operator
 * owns, so applying it twice is harmless; attendees keep the responses they already gave. The etag is the
 * version of the event it was planned from (null when unknown): the patch is sent with If-Match, so it fails
 * with 412 instead of reverting a change made since, and is planned again from a fresh read.
 */
public record EventPatch(DesiredEvent desired, List<Attendee> attendees, Set<Change> changes, String etag) {

  /** Why an event is patched, for logs and tests. */
  public enum Change {
    TIME, SUMMARY, DESCRIPTION, ATTENDEES, RESTORE, OWNERSHIP
  }

  public EventPatch {
    attendees = List.copyOf(attendees);
    changes = Set.copyOf(changes);
  }

  public EventPatch(DesiredEvent desired, List<Attendee> attendees, Set<Change> changes) {
    this(desired, attendees, changes, null);
  }

  public String id() {
    return desired.id();
  }
}
