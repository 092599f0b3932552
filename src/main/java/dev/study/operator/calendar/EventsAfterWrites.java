package dev.study.operator.calendar;

import dev.study.operator.calendar.model.Attendee;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.calendar.model.ObservedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The calendar as a plan's writes left it, rebuilt on the client (to be replaced by what Google answered). */
final class EventsAfterWrites {
  private EventsAfterWrites() {}

  /**
   * The calendar as a plan's writes left it, so the RSVP sync of the same reconcile sees the events just created
   * (everyone needsAction) and patched (responses kept) without reading the calendar again. Events whose write
   * failed or whose outcome is uncertain (a create adopted after a 409) are left as they were observed.
   */
  static ObservedCalendar afterWrites(ObservedCalendar seen, CalendarPlan plan, Set<String> uncertain, String ownerUid) {
    Map<String, ObservedEvent> byId = new LinkedHashMap<>();
    seen.events().forEach(e -> byId.put(e.id(), e));
    for (DesiredEvent created : plan.creates()) {
      if (!uncertain.contains(created.id())) {
        Map<String, String> responses = new LinkedHashMap<>();
        created.attendees().forEach(email -> responses.put(email, Attendee.NEEDS_ACTION));
        byId.put(created.id(), asWritten(created, responses, ownerUid));
      }
    }
    for (EventPatch patch : plan.patches()) {
      if (!uncertain.contains(patch.id())) {
        Map<String, String> responses = new LinkedHashMap<>();
        patch.attendees().forEach(a -> responses.put(a.email(), a.responseStatus()));
        byId.put(patch.id(), asWritten(patch.desired(), responses, ownerUid));
      }
    }
    for (String deleted : plan.deletes()) {
      if (!uncertain.contains(deleted)) {
        byId.computeIfPresent(deleted, (id, e) -> new ObservedEvent(id, ObservedEvent.Status.CANCELLED, e.summary(),
            e.description(), e.start(), e.end(), e.timeZone(), e.attendees(), e.ownerUid()));
      }
    }
    return new ObservedCalendar(seen.calendarId(), List.copyOf(byId.values()));
  }

  private static ObservedEvent asWritten(DesiredEvent event, Map<String, String> responses, String ownerUid) {
    return new ObservedEvent(event.id(), ObservedEvent.Status.CONFIRMED, event.summary(), event.description(),
        event.start(), event.end(), event.timeZone(), responses, ownerUid);
  }
}
