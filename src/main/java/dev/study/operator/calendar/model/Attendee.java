package dev.study.operator.calendar.model;

/**
 * An attendee as Google holds it and as it is written back. The operator owns only who is on the list; the
 * response and the fields a person or Google sets (display name, comment, optional, additional guests) are
 * carried through a patch untouched, since a patch replaces the attendee array whole.
 *
 * @param organizer Google's mark for the event's organizer (read-only)
 * @param self Google's mark for the calendar the event is read from (read-only)
 * @param resource a room or other resource, not a person
 */
public record Attendee(
    String email,
    String responseStatus,
    String displayName,
    String comment,
    Boolean optional,
    Integer additionalGuests,
    boolean organizer,
    boolean self,
    boolean resource) {
  public static final String NEEDS_ACTION = "needsAction";

  /** A member as the operator writes them first: an email and a response. */
  public Attendee(String email, String responseStatus) {
    this(email, responseStatus, null, null, null, null, false, false, false);
  }

  /**
   * Someone on the event whom the operator does not manage unless they are also a member: the organizer or the
   * calendar itself (the Calendar UI can add them as attendees), or a room. Such entries are kept, never
   * patched away.
   */
  public boolean managedElsewhere() {
    return organizer || self || resource;
  }

  /** The same attendee spelled as the spec spells the email. */
  public Attendee withEmail(String spelling) {
    return new Attendee(spelling, responseStatus, displayName, comment, optional, additionalGuests, organizer, self,
        resource);
  }

  /** Google leaves responseStatus out of some entries; the operator reads that as needsAction. */
  public Attendee withResponseIfMissing() {
    return responseStatus != null ? this : new Attendee(email, NEEDS_ACTION, displayName, comment, optional,
        additionalGuests, organizer, self, resource);
  }
}
