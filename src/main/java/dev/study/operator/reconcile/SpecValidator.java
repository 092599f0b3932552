package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.schedule.ShortDuration;
import java.time.Duration;
import java.util.List;

/**
 * Checks what the CRD schema cannot say (a real time zone, a real date, the operator's allowlists) and expands
 * the schedule. A failure names the field; the reconciler then writes nothing outside.
 */
public final class SpecValidator {
  private final Allowlist allowlist;

  public SpecValidator(Allowlist allowlist) {
    this.allowlist = allowlist;
  }

  /**
   * A reminder further ahead than the interval between meetings would come before the previous meeting has even
   * started ("meeting 2 starts in 10 days" during meeting 1's week): refused, naming the offset.
   */
  private static void refuseRemindersBeyondTheInterval(StudyGroupSpec spec, List<Meeting> meetings)
      throws InvalidSpecException {
    if (spec.getReminders() == null || meetings.size() < 2) {
      return;
    }
    Duration interval;
    try {
      interval = ShortDuration.parse(spec.getSchedule().getEvery() == null ? "1w" : spec.getSchedule().getEvery());
    } catch (IllegalArgumentException e) {
      return; // the expander has already named spec.schedule.every
    }
    for (int i = 0; i < spec.getReminders().size(); i++) {
      String offset = spec.getReminders().get(i).getOffset();
      Duration d;
      try {
        d = ShortDuration.parse(offset);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidSpecException("spec.reminders[" + i + "].offset", "\"" + offset + "\" is not a duration like 1h");
      }
      if (d.compareTo(interval) >= 0) {
        throw new InvalidSpecException("spec.reminders[" + i + "].offset",
            offset + " is not shorter than the interval between meetings (" + spec.getSchedule().getEvery() + ")");
      }
    }
  }

  public Allowlist allowlist() {
    return allowlist;
  }

  public List<Meeting> validate(StudyGroupSpec spec) throws InvalidSpecException {
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    if (spec.getSchedule() == null) {
      throw new InvalidSpecException("spec.schedule", "is required");
    }
    if (spec.getMembers() == null) {
      throw new InvalidSpecException("spec.members", "is required");
    }
    if (spec.getDiscord() != null && !allowlist.allowsGuild(spec.getDiscord().getGuildId())) {
      throw new InvalidSpecException("spec.discord.guildId",
          "guild " + spec.getDiscord().getGuildId() + " is not on the operator's allowlist");
    }
    if (spec.getCalendar() != null && !allowlist.allowsCalendar(spec.getCalendar().getCalendarId())) {
      throw new InvalidSpecException("spec.calendar.calendarId",
          "calendar " + spec.getCalendar().getCalendarId() + " is not on the operator's allowlist");
    }
    List<Meeting> meetings = ScheduleExpander.expand(spec.getSchedule());
    refuseRemindersBeyondTheInterval(spec, meetings);
    return meetings;
  }
}
