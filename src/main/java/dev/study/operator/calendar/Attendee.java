package dev.study.operator.calendar;

/** An attendee as written to Google: the email and the response to keep. */
public record Attendee(String email, String responseStatus) {
  public static final String NEEDS_ACTION = "needsAction";
}
