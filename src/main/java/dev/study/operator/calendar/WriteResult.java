package dev.study.operator.calendar;

import java.time.Duration;

/**
 * How one write ended. EXISTS is a create that hit 409 (the id is taken, typically by our own earlier create
 * whose reply was lost); GONE is a delete of an event that is already deleted or never was; CONFLICT is a patch
 * refused with 412 because the event changed since it was read (its If-Match etag is stale); DEFERRED is a write
 * not sent because the request budget allows it only after retryAfter.
 */
public record WriteResult(EventWrite write, Outcome outcome, String reason, String message, Duration retryAfter) {

  public enum Outcome {
    DONE, EXISTS, GONE, FAILED, CONFLICT, DEFERRED
  }

  public WriteResult(EventWrite write, Outcome outcome, String reason, String message) {
    this(write, outcome, reason, message, null);
  }

  public static WriteResult done(EventWrite write) {
    return new WriteResult(write, Outcome.DONE, null, null);
  }

  public static WriteResult failed(EventWrite write, String reason, String message) {
    return new WriteResult(write, Outcome.FAILED, reason, message);
  }

  public static WriteResult deferred(EventWrite write, Duration retryAfter) {
    return new WriteResult(write, Outcome.DEFERRED, CalendarReasons.RATE_LIMITED,
        "the request budget allows it in " + retryAfter.toSeconds() + " s", retryAfter);
  }
}
