package dev.study.operator.calendar;

/**
 * How one write ended. EXISTS is a create that hit 409 (the id is taken, typically by our own earlier create
 * whose reply was lost); GONE is a delete of an event that is already deleted or never was.
 */
public record WriteResult(EventWrite write, Outcome outcome, String reason, String message) {

  public enum Outcome {
    DONE, EXISTS, GONE, FAILED
  }

  public static WriteResult done(EventWrite write) {
    return new WriteResult(write, Outcome.DONE, null, null);
  }

  public static WriteResult failed(EventWrite write, String reason, String message) {
    return new WriteResult(write, Outcome.FAILED, reason, message);
  }
}
