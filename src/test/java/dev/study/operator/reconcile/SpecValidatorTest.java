package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.testing.StudyGroups;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private final SpecValidator validator =
      new SpecValidator(new Allowlist(Set.of(StudyGroups.GUILD), Set.of(StudyGroups.CALENDAR)));

  private static StudyGroupSpec spec() {
    return StudyGroups.group("ns", "g", "alice").getSpec();
  }

  @Test
  void acceptsAGroupOnTheAllowlistsAndExpandsItsMeetings() throws Exception {
    assertThat(validator.validate(spec())).hasSize(4);
  }

  @Test
  void refusesAGuildOffTheAllowlist() {
    StudyGroupSpec spec = spec();
    spec.getDiscord().setGuildId("100000000000000099");
    assertThatThrownBy(() -> validator.validate(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.discord.guildId: guild 100000000000000099 is not on the operator's allowlist");
  }

  @Test
  void refusesACalendarOffTheAllowlist() {
    StudyGroupSpec spec = spec();
    spec.getCalendar().setCalendarId("someone-else@group.calendar.google.com");
    assertThatThrownBy(() -> validator.validate(spec)).hasMessageStartingWith("spec.calendar.calendarId");
  }

  @Test
  void aWildcardAllowsAnyGuildAndCalendar() throws Exception {
    SpecValidator open = new SpecValidator(new Allowlist(Set.of("*"), Set.of("*")));
    StudyGroupSpec spec = spec();
    spec.getDiscord().setGuildId("100000000000000099");
    assertThat(open.validate(spec)).isNotEmpty();
  }

  @Test
  void anEmptyAllowlistAllowsNothing() {
    SpecValidator closed = new SpecValidator(new Allowlist(Set.of(), Set.of()));
    assertThatThrownBy(() -> closed.validate(spec())).hasMessageStartingWith("spec.discord.guildId");
  }
}
