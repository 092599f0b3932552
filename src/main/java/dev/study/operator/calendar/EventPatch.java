package dev.study.operator.calendar;

import java.util.List;
import java.util.Set;

/**
 * A patch that brings an existing event back to its desired state. It always carries every field the operator
 * owns, so applying it twice is harmless; attendees keep the responses they already gave.
 */
public record EventPatch(DesiredEvent desired, List<Attendee> attendees, Set<Change> changes) {

  /** Why an event is patched, for logs and tests. */
  public enum Change {
    TIME, SUMMARY, DESCRIPTION, ATTENDEES, RESTORE, OWNERSHIP
  }

  public EventPatch {
    attendees = List.copyOf(attendees);
    changes = Set.copyOf(changes);
  }

  public String id() {
    return desired.id();
  }
}
