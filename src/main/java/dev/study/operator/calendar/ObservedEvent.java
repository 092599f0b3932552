package dev.study.operator.calendar;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the group's events as the calendar holds it. A cancelled (deleted) event may carry only its id and
 * status, so every other field may be null. Attendees map email (as Google spells it) to responseStatus.
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
    String ownerUid) {

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
  }

  public boolean cancelled() {
    return status == Status.CANCELLED;
  }
}
