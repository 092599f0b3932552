package dev.study.operator.calendar;

import java.util.List;

/**
 * What one Calendar observe saw of a group: its events, deleted ones included. Put into the reconcile's
 * SharedObservations so the RSVP sync reads the attendees' responses without a second list call.
 */
public record ObservedCalendar(String calendarId, List<ObservedEvent> events) {
  public ObservedCalendar {
    events = List.copyOf(events);
  }
}
