package dev.study.operator.rsvp;

/** A member's answer to a meeting's invitation, spelled as Google Calendar spells {@code responseStatus}. */
public enum RsvpResponse {
  accepted,
  declined,
  tentative,
  needsAction;

  /** Google's responseStatus; anything unknown or absent counts as not answered. */
  public static RsvpResponse of(String responseStatus) {
    if (responseStatus == null) {
      return needsAction;
    }
    return switch (responseStatus) {
      case "accepted" -> accepted;
      case "declined" -> declined;
      case "tentative" -> tentative;
      default -> needsAction;
    };
  }
}
