package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.calendar.model.ObservedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group's events as Google last told the Calendar sync about them: what the list returned, with each event
 * that a write (or a read after a 409 or 412) got an answer for replaced by that answer. It is what the sync
 * hands to the RSVP sync of the same reconcile, so nobody rebuilds on the client what a write left behind.
 *
 * <p>A write that failed or was deferred leaves the event as it was observed: Google holds what it held.
 */
final class EventsAsAnswered {
  private final String calendarId;
  private final Map<String, ObservedEvent> byId = new LinkedHashMap<>();

  EventsAsAnswered(ObservedCalendar observed) {
    this.calendarId = observed.calendarId();
    observed.events().forEach(e -> byId.put(e.id(), e));
  }

  void record(WriteResult result) {
    boolean delete = result.write() instanceof EventWrite.Delete;
    switch (result.outcome()) {
      case DONE -> {
        if (delete) {
          cancelled(result.write().eventId());
        } else if (result.event() != null) {
          byId.put(result.event().id(), result.event());
        }
      }
      case GONE -> cancelled(result.write().eventId());
      case EXISTS, CONFLICT, FAILED, DEFERRED -> {
        // nothing written: a 409 or 412 is followed up (and recorded) by the sync; the rest stays as observed
      }
    }
  }

  ObservedCalendar calendar() {
    return new ObservedCalendar(calendarId, byId.values().stream().toList());
  }

  /**
   * A delete answers with an empty body (developers.google.com/calendar/api/v3/reference/events/delete); the
   * event stays, cancelled, and events.list with showDeleted returns it with status cancelled and little else
   * (only its id is certain). The entry says that much and no more.
   */
  private void cancelled(String id) {
    byId.computeIfPresent(id, (key, seen) -> new ObservedEvent(key, ObservedEvent.Status.CANCELLED, null, null, null,
        null, null, Map.of(), null));
  }
}
