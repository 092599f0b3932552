package dev.study.operator.sync;

import dev.study.operator.api.StudyGroupSpec;

/** The outside systems a group is kept in step with, in the order they sync (RSVPs read what Calendar observed). */
public enum SystemKind {
  DISCORD("DiscordSynced"),
  CALENDAR("CalendarSynced"),
  REMINDERS("RemindersSynced"),
  RSVPS("RsvpsSynced");

  private final String conditionType;

  SystemKind(String conditionType) {
    this.conditionType = conditionType;
  }

  public String conditionType() {
    return conditionType;
  }

  /** The system's name in messages: Discord, Calendar, Reminders, Rsvps. */
  public String displayName() {
    return conditionType.replace("Synced", "");
  }

  /** Whether the group declares the section this system serves; RSVPs follow Calendar. */
  public boolean usedBy(StudyGroupSpec spec) {
    return switch (this) {
      case DISCORD -> spec.getDiscord() != null;
      case CALENDAR, RSVPS -> spec.getCalendar() != null;
      case REMINDERS -> spec.getReminders() != null && !spec.getReminders().isEmpty();
    };
  }

  /**
   * Whether what the system makes lives in the operator's own database (reminder jobs, RSVP records) rather than
   * outside: those are removed on every deletion path, Orphan and suspended included.
   */
  public boolean internal() {
    return this == REMINDERS || this == RSVPS;
  }

  /** The system of a condition type, or empty for a type no system has (e.g. one a newer operator wrote). */
  public static java.util.Optional<SystemKind> fromConditionType(String type) {
    for (SystemKind kind : values()) {
      if (kind.conditionType.equals(type)) {
        return java.util.Optional.of(kind);
      }
    }
    return java.util.Optional.empty();
  }

  public static SystemKind ofConditionType(String type) {
    for (SystemKind kind : values()) {
      if (kind.conditionType.equals(type)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no system has condition type " + type);
  }
}
