package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.ReminderSpec;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.testing.StudyGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CRD allows a group with only one of its discord and calendar sections; validation must accept either, and
 * name a missing required part instead of failing with a NullPointerException (the sandbox's API server does not
 * enforce the schema, so this is the only guard there).
 */
class SpecValidatorSectionsTest {
  private final Allowlist allowlist = new Allowlist(Set.of(StudyGroups.GUILD), Set.of(StudyGroups.CALENDAR));
  private final SpecValidator validator = new SpecValidator(allowlist);

  private static StudyGroupSpec spec() {
    return StudyGroups.group("ns", "g", "alice").getSpec();
  }

  private static List<ReminderSpec> reminder(String offset) {
    ReminderSpec r = new ReminderSpec();
    r.setOffset(offset);
    return new ArrayList<>(List.of(r));
  }

  @Test
  void acceptsACalendarOnlyGroup() throws Exception {
    StudyGroupSpec spec = spec();
    spec.setDiscord(null);
    spec.setReminders(null);

    assertThat(validator.validate(spec)).hasSize(4);
  }

  @Test
  void acceptsADiscordOnlyGroup() throws Exception {
    StudyGroupSpec spec = spec();
    spec.setCalendar(null);

    assertThat(validator.validate(spec)).hasSize(4);
  }

  @Test
  void namesAMissingSpec() {
    assertThatThrownBy(() -> validator.validate(null)).isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec: is required");
  }

  @Test
  void namesAMissingSchedule() {
    StudyGroupSpec spec = spec();
    spec.setSchedule(null);
    assertThatThrownBy(() -> validator.validate(spec)).isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.schedule: is required");
  }

  @Test
  void namesMissingMembers() {
    StudyGroupSpec spec = spec();
    spec.setMembers(null);
    assertThatThrownBy(() -> validator.validate(spec)).isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.members: is required");
  }

  @Test
  void refusesAReminderAsLongAsTheIntervalEvenWithOnlyTwoMeetings() {
    StudyGroupSpec spec = spec();
    spec.getSchedule().setCount(2);
    spec.setReminders(reminder("1w"));

    assertThatThrownBy(() -> validator.validate(spec)).isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.reminders[0].offset: 1w is not shorter than the interval between meetings (1w)");
  }

  @Test
  void acceptsAReminderJustShorterThanTheInterval() throws Exception {
    StudyGroupSpec spec = spec();
    spec.setReminders(reminder("6d"));

    assertThat(validator.validate(spec)).hasSize(4);
  }

  @Test
  void aOneMeetingGroupMayHaveAReminderLongerThanAWeek() throws Exception {
    StudyGroupSpec spec = spec();
    spec.getSchedule().setCount(1);
    spec.setReminders(reminder("2w"));

    assertThat(validator.validate(spec)).hasSize(1);
  }

  @Test
  void measuresRemindersAgainstTheDefaultWeekWhenEveryIsUnset() {
    StudyGroupSpec spec = spec();
    spec.getSchedule().setEvery(null);
    spec.setReminders(reminder("8d"));

    assertThatThrownBy(() -> validator.validate(spec)).hasMessageStartingWith("spec.reminders[0].offset: 8d");
  }

  @Test
  void measuresRemindersAgainstTheGroupsOwnInterval() throws Exception {
    StudyGroupSpec spec = spec();
    spec.getSchedule().setEvery("2w");
    spec.setReminders(reminder("10d"));

    assertThat(validator.validate(spec)).hasSize(4);
  }

  @Test
  void namesAReminderOffsetThatIsNotADuration() {
    StudyGroupSpec spec = spec();
    spec.setReminders(reminder("soon"));

    assertThatThrownBy(() -> validator.validate(spec))
        .hasMessage("spec.reminders[0].offset: \"soon\" is not a duration like 1h");
  }

  @Test
  void exposesTheAllowlistItChecksAgainst() {
    assertThat(validator.allowlist()).isSameAs(allowlist);
  }
}
