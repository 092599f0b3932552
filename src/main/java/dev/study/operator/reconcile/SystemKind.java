package dev.study.operator.reconcile;

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

  /** Whether the group declares the section this system serves; RSVPs follow Calendar. */
  public boolean usedBy(StudyGroupSpec spec) {
    return switch (this) {
      case DISCORD -> spec.getDiscord() != null;
      case CALENDAR, RSVPS -> spec.getCalendar() != null;
      case REMINDERS -> spec.getReminders() != null && !spec.getReminders().isEmpty();
    };
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
