package dev.study.operator.calendar.model;

import java.util.List;

/**
 * What one Calendar observe saw of a group: its events, deleted ones included. The reconciler hands
 * it to the RSVP sync of the same reconcile, which reads the attendees' responses without a second list call.
 */
public record ObservedCalendar(String calendarId, List<ObservedEvent> events) {
  public ObservedCalendar {
    events = List.copyOf(events);
  }
}
