package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import java.time.Duration;

/**
 * How one write ended. EXISTS is a create that hit 409 (the id is taken, typically by our own earlier create
 * whose reply was lost); GONE is a delete of an event that is already deleted or never was; CONFLICT is a patch
 * refused with 412 because the event changed since it was read (its If-Match etag is stale); DEFERRED is a write
 * not sent because the request budget allows it only after retryAfter.
 *
 * @param event the event as Google answered a done insert or patch (both answer with the Events resource), so
 *     nobody has to guess what a write left behind; null for a delete, whose answer has an empty body
 *     (developers.google.com/calendar/api/v3/reference/events/delete), and for every other outcome
 */
public record WriteResult(
    EventWrite write, Outcome outcome, ObservedEvent event, String reason, String message, Duration retryAfter) {

  public enum Outcome {
    DONE, EXISTS, GONE, FAILED, CONFLICT, DEFERRED
  }

  /** Written; {@code event} is what Google answered (null for a delete). */
  public static WriteResult done(EventWrite write, ObservedEvent event) {
    return new WriteResult(write, Outcome.DONE, event, null, null, null);
  }

  public static WriteResult exists(EventWrite.Insert write) {
    return new WriteResult(write, Outcome.EXISTS, null, null, null, null);
  }

  public static WriteResult gone(EventWrite.Delete write) {
    return new WriteResult(write, Outcome.GONE, null, null, null, null);
  }

  public static WriteResult conflict(EventWrite.Patch write, String reason, String message) {
    return new WriteResult(write, Outcome.CONFLICT, null, reason, message, null);
  }

  public static WriteResult failed(EventWrite write, String reason, String message) {
    return new WriteResult(write, Outcome.FAILED, null, reason, message, null);
  }

  public static WriteResult deferred(EventWrite write, Duration retryAfter) {
    return deferred(write, CalendarReasons.RATE_LIMITED,
        "the request budget allows it in " + retryAfter.toSeconds() + " s", retryAfter);
  }

  public static WriteResult deferred(EventWrite write, String reason, String message, Duration retryAfter) {
    return new WriteResult(write, Outcome.DEFERRED, null, reason, message, retryAfter);
  }
}
