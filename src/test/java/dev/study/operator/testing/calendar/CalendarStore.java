package dev.study.operator.testing.calendar;

import static dev.study.operator.testing.calendar.GoogleErrors.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calendars and their events as Google stores them: each event with Google's own fields (kind, created,
 * organizer, sequence, etag, updated), deleted ones kept as cancelled. Changes "by hand" are what a person does in
 * the Calendar UI. Every read and write holds this object's lock.
 */
final class CalendarStore {
  private final Clock clock;
  private final Map<String, Map<String, ObjectNode>> calendars = new LinkedHashMap<>();
  /** One counter for etags, generated ids, batch boundaries and tokens, so each is unique in the fake. */
  private final AtomicInteger sequence = new AtomicInteger();

  CalendarStore(Clock clock) {
    this.clock = clock;
  }

  int next() {
    return sequence.incrementAndGet();
  }

  Clock clock() {
    return clock;
  }

  synchronized void addCalendar(String calendarId) {
    calendars.putIfAbsent(calendarId, new LinkedHashMap<>());
  }

  synchronized List<String> calendarIds() {
    return List.copyOf(calendars.keySet());
  }

  /** A calendar's events by id, or null for an unknown calendar. Use under this object's lock. */
  Map<String, ObjectNode> eventsOf(String calendarId) {
    return calendars.get(calendarId);
  }

  @SuppressWarnings("unchecked")
  synchronized List<Map<String, Object>> events(String calendarId) {
    List<Map<String, Object>> out = new ArrayList<>();
    calendars.getOrDefault(calendarId, Map.of()).values().forEach(e -> out.add(JSON.convertValue(e, Map.class)));
    return out;
  }

  @SuppressWarnings("unchecked")
  synchronized Optional<Map<String, Object>> event(String calendarId, String eventId) {
    ObjectNode e = calendars.getOrDefault(calendarId, Map.of()).get(eventId);
    return Optional.ofNullable(e).map(n -> JSON.convertValue(n, Map.class));
  }

  synchronized void respond(String calendarId, String eventId, String email, String responseStatus) {
    ObjectNode event = existing(calendarId, eventId);
    for (JsonNode a : event.withArray("attendees")) {
      if (email.equalsIgnoreCase(a.path("email").asText())) {
        ((ObjectNode) a).put("responseStatus", responseStatus);
      }
    }
    touch(event);
  }

  synchronized void addAttendeeByHand(String calendarId, String eventId, Map<String, Object> attendee) {
    ObjectNode event = existing(calendarId, eventId);
    event.withArray("attendees").add(JSON.valueToTree(attendee));
    touch(event);
  }

  synchronized void editAttendeeByHand(String calendarId, String eventId, String email, String field, Object value) {
    ObjectNode event = existing(calendarId, eventId);
    for (JsonNode a : event.withArray("attendees")) {
      if (email.equalsIgnoreCase(a.path("email").asText())) {
        ((ObjectNode) a).set(field, JSON.valueToTree(value));
      }
    }
    touch(event);
  }

  synchronized void moveByHand(String calendarId, String eventId, Instant start, Instant end) {
    ObjectNode event = existing(calendarId, eventId);
    event.withObject("start").put("dateTime", start.toString());
    event.withObject("end").put("dateTime", end.toString());
    touch(event);
  }

  synchronized void editByHand(String calendarId, String eventId, String field, String value) {
    ObjectNode event = existing(calendarId, eventId);
    event.put(field, value);
    touch(event);
  }

  synchronized void deleteByHand(String calendarId, String eventId) {
    ObjectNode event = existing(calendarId, eventId);
    event.put("status", "cancelled");
    touch(event);
  }

  synchronized void putByHand(String calendarId, Map<String, Object> event) {
    ObjectNode node = JSON.valueToTree(event);
    decorate(calendarId, node);
    calendars.get(calendarId).put(node.path("id").asText(), node);
  }

  /** The fields Google adds to a new event. */
  void decorate(String calendarId, ObjectNode event) {
    String now = clock.instant().toString();
    event.put("kind", "calendar#event");
    event.put("created", now);
    event.put("htmlLink", "https://calendar.example/event?eid=" + event.path("id").asText());
    event.put("iCalUID", event.path("id").asText() + "@google.com");
    event.put("sequence", 0);
    event.putObject("organizer").put("email", calendarId).put("self", true);
    if (!event.has("status")) {
      event.put("status", "confirmed");
    }
    defaultResponses(event);
    touch(event);
  }

  /** A new attendee has not answered yet. */
  static void defaultResponses(ObjectNode event) {
    if (event.has("attendees")) {
      for (JsonNode a : event.withArray("attendees")) {
        if (!a.has("responseStatus")) {
          ((ObjectNode) a).put("responseStatus", "needsAction");
        }
      }
    }
  }

  /** Every change gives the event a new etag (developers.google.com/calendar/api/guides/version-resources). */
  void touch(ObjectNode event) {
    event.put("updated", clock.instant().toString());
    event.put("etag", "\"" + next() + "\"");
  }

  private ObjectNode existing(String calendarId, String eventId) {
    ObjectNode event = calendars.getOrDefault(calendarId, Map.of()).get(eventId);
    if (event == null) {
      throw new IllegalArgumentException("no event " + eventId + " in " + calendarId);
    }
    return event;
  }
}
