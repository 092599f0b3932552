package dev.study.operator.calendar;

import java.time.Instant;
import java.util.List;

/**
 * The event one meeting should have: a deterministic id, what people see, and exactly the members' emails as
 * attendees (in spec order, original spelling).
 */
public record DesiredEvent(
    int meeting,
    String id,
    String summary,
    String description,
    Instant start,
    Instant end,
    String timeZone,
    List<String> attendees) {

  public DesiredEvent {
    attendees = List.copyOf(attendees);
  }
}
