package dev.study.operator.rsvp;

/** Identifies one RSVP row of a group: a member's answer to one meeting. */
public record RsvpKey(int meetingNumber, String memberId) implements Comparable<RsvpKey> {
  @Override
  public int compareTo(RsvpKey other) {
    int byMeeting = Integer.compare(meetingNumber, other.meetingNumber);
    return byMeeting != 0 ? byMeeting : memberId.compareTo(other.memberId);
  }
}
