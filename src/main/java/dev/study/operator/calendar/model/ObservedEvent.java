package dev.study.operator.calendar.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the group's events as the calendar holds it. A cancelled (deleted) event may carry only its id and
 * status, so every other field may be null. Attendees map email (as Google spells it) to responseStatus, rooms
 * left out (what the RSVP sync reads); people are every attendee entry with all its fields, as a patch must
 * write them back. The etag is Google's version of the event, sent as If-Match so a patch never overwrites a
 * change made after it was read.
 */
public record ObservedEvent(
    String id,
    Status status,
    String summary,
    String description,
    Instant start,
    Instant end,
    String timeZone,
    Map<String, String> attendees,
    String ownerUid,
    String etag,
    List<Attendee> people) {

  /** Google's event status; cancelled is what a deleted event turns into, and its id stays taken. */
  public enum Status {
    CONFIRMED, TENTATIVE, CANCELLED;

    public static Status of(String google) {
      if (google == null) {
        return CONFIRMED;
      }
      return switch (google) {
        case "cancelled" -> CANCELLED;
        case "tentative" -> TENTATIVE;
        default -> CONFIRMED;
      };
    }
  }

  public ObservedEvent {
    attendees = attendees == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attendees));
    if (people == null) {
      List<Attendee> derived = new ArrayList<>();
      attendees.forEach((email, response) -> derived.add(new Attendee(email, response)));
      people = derived;
    }
    people = List.copyOf(people);
  }

  /** An event known only by its responses (no etag, no attendee details): what tests and old callers build. */
  public ObservedEvent(String id, Status status, String summary, String description, Instant start, Instant end,
      String timeZone, Map<String, String> attendees, String ownerUid) {
    this(id, status, summary, description, start, end, timeZone, attendees, ownerUid, null, null);
  }

  public boolean cancelled() {
    return status == Status.CANCELLED;
  }
}
