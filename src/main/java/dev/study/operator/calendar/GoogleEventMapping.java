package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.Attendee;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between Google's event model and ours: the body the operator writes, and what it reads back. */
final class GoogleEventMapping {
  private GoogleEventMapping() {}

  /**
   * The body of an insert or a patch: every field the operator owns. Attendees carry the fields people set
   * (comment, optional, display name, additional guests) as they were read, since the array is replaced whole.
   */
  static Event event(DesiredEvent want, List<Attendee> attendees, String ownerUid) {
    List<EventAttendee> people = new ArrayList<>();
    for (Attendee a : attendees) {
      EventAttendee out = new EventAttendee().setEmail(a.email()).setResponseStatus(a.responseStatus())
          .setDisplayName(a.displayName()).setComment(a.comment()).setOptional(a.optional())
          .setAdditionalGuests(a.additionalGuests());
      if (a.resource()) {
        out.setResource(true);
      }
      people.add(out);
    }
    return new Event()
        .setStatus("confirmed")
        .setSummary(want.summary())
        .setDescription(want.description())
        .setStart(new EventDateTime().setDateTime(new DateTime(want.start().toEpochMilli())).setTimeZone(want.timeZone()))
        .setEnd(new EventDateTime().setDateTime(new DateTime(want.end().toEpochMilli())).setTimeZone(want.timeZone()))
        .setAttendees(people)
        .setExtendedProperties(new Event.ExtendedProperties().setPrivate(Map.of(EventDiff.OWNER_PROPERTY, ownerUid)));
  }

  static ObservedEvent observed(Event e) {
    Map<String, String> responses = new LinkedHashMap<>();
    List<Attendee> people = new ArrayList<>();
    if (e.getAttendees() != null) {
      for (EventAttendee a : e.getAttendees()) {
        if (a.getEmail() == null) {
          continue;
        }
        Attendee person = new Attendee(a.getEmail(), a.getResponseStatus(), a.getDisplayName(), a.getComment(),
            a.getOptional(), a.getAdditionalGuests(), Boolean.TRUE.equals(a.getOrganizer()),
            Boolean.TRUE.equals(a.getSelf()), Boolean.TRUE.equals(a.getResource()));
        people.add(person);
        if (!person.resource()) {
          responses.put(a.getEmail(), a.getResponseStatus() == null ? Attendee.NEEDS_ACTION : a.getResponseStatus());
        }
      }
    }
    String owner = e.getExtendedProperties() == null || e.getExtendedProperties().getPrivate() == null
        ? null
        : e.getExtendedProperties().getPrivate().get(EventDiff.OWNER_PROPERTY);
    return new ObservedEvent(e.getId(), ObservedEvent.Status.of(e.getStatus()), e.getSummary(), e.getDescription(),
        instant(e.getStart()), instant(e.getEnd()), e.getStart() == null ? null : e.getStart().getTimeZone(),
        responses, owner, e.getEtag(), people);
  }

  private static Instant instant(EventDateTime t) {
    if (t == null) {
      return null;
    }
    DateTime value = t.getDateTime() != null ? t.getDateTime() : t.getDate();
    return value == null ? null : Instant.ofEpochMilli(value.getValue());
  }
}
