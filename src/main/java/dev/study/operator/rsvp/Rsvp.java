package dev.study.operator.rsvp;

/** One member's recorded response to one meeting of the group. */
public record Rsvp(int meetingNumber, String memberId, RsvpResponse response) {
  public RsvpKey key() {
    return new RsvpKey(meetingNumber, memberId);
  }
}
