package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
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
    return ScheduleExpander.expand(spec.getSchedule());
  }
}
