package dev.study.operator.rsvp;

import dev.study.operator.calendar.model.ObservedCalendar;
import java.util.List;

/** What the RSVP system sees of a group: Calendar's observation of this reconcile, and the rows in PostgreSQL. */
public record ObservedRsvps(ObservedCalendar calendar, List<Rsvp> rows) {
  public ObservedRsvps {
    rows = List.copyOf(rows);
  }
}
