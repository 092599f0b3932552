package dev.study.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.MeetingOverride;
import dev.study.operator.api.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edge values of spec.schedule: the smallest and largest valid ones are accepted, the first invalid ones are
 * refused naming their field, and unset optional parts take their defaults. The sandbox's API server does not
 * enforce the CRD schema, so these checks are the only guard there.
 */
class ScheduleExpanderBoundariesTest {

  private static Schedule schedule(int count) {
    Schedule s = new Schedule();
    s.setTimeZone("UTC");
    s.setFirstMeeting("2027-01-05T18:00");
    s.setDuration("90m");
    s.setEvery("1w");
    s.setCount(count);
    return s;
  }

  private static MeetingOverride override(Integer number, String start) {
    MeetingOverride o = new MeetingOverride();
    o.setNumber(number);
    o.setStart(start);
    return o;
  }

  private static String fieldOf(Schedule s) {
    try {
      ScheduleExpander.expand(s);
    } catch (InvalidSpecException e) {
      return e.field();
    }
    throw new AssertionError("expected InvalidSpecException");
  }

  // ---- count ---------------------------------------------------------------------------------------------

  @Test
  void aOneMeetingGroupHasOneMeeting() throws Exception {
    assertThat(ScheduleExpander.expand(schedule(1))).containsExactly(
        new Meeting(1, Instant.parse("2027-01-05T18:00:00Z"), Instant.parse("2027-01-05T19:30:00Z")));
  }

  @Test
  void aCountOfZeroIsRefused() {
    assertThat(fieldOf(schedule(0))).isEqualTo("spec.schedule.count");
  }

  @Test
  void aMissingCountIsRefused() {
    Schedule s = schedule(1);
    s.setCount(null);
    assertThatThrownBy(() -> ScheduleExpander.expand(s)).isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.schedule.count: must be at least 1");
  }

  // ---- defaults ------------------------------------------------------------------------------------------

  @Test
  void unsetSkipOverridesAndEveryMeanNoneNoneAndWeekly() throws Exception {
    Schedule s = schedule(2);
    s.setSkip(null);
    s.setOverrides(null);
    s.setEvery(null);

    assertThat(ScheduleExpander.expand(s)).extracting(Meeting::start).containsExactly(
        Instant.parse("2027-01-05T18:00:00Z"), Instant.parse("2027-01-12T18:00:00Z"));
  }

  // ---- overrides -----------------------------------------------------------------------------------------

  @Test
  void theFirstMeetingMayBeOverridden() throws Exception {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(1, "2027-01-04T18:00")));

    assertThat(ScheduleExpander.expand(s).get(0).start()).isEqualTo(Instant.parse("2027-01-04T18:00:00Z"));
  }

  @Test
  void theLastMeetingMayBeOverridden() throws Exception {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(3, "2027-01-20T18:00")));

    assertThat(ScheduleExpander.expand(s).get(2).start()).isEqualTo(Instant.parse("2027-01-20T18:00:00Z"));
  }

  @Test
  void anOverrideOfMeetingZeroIsRefused() {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(0, "2027-01-04T18:00")));
    assertThat(fieldOf(s)).isEqualTo("spec.schedule.overrides[0].number");
  }

  @Test
  void anOverrideBeyondTheCountIsRefused() {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(4, "2027-02-04T18:00")));
    assertThat(fieldOf(s)).isEqualTo("spec.schedule.overrides[0].number");
  }

  @Test
  void anOverrideWithoutANumberIsRefused() {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(null, "2027-01-04T18:00")));
    assertThat(fieldOf(s)).isEqualTo("spec.schedule.overrides[0].number");
  }

  @Test
  void aMeetingOverriddenTwiceIsRefusedNamingTheSecondOverride() {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(2, "2027-01-13T18:00"), override(2, "2027-01-14T18:00")));
    assertThatThrownBy(() -> ScheduleExpander.expand(s))
        .hasMessage("spec.schedule.overrides[1].number: meeting 2 is overridden twice");
  }

  @Test
  void anOverrideMayMoveAMeetingBeforeAnEarlierNumberedOneWithoutOverlap() throws Exception {
    Schedule s = schedule(3);
    s.setOverrides(List.of(override(3, "2027-01-08T18:00")));

    assertThat(ScheduleExpander.expand(s)).extracting(Meeting::number).containsExactly(1, 2, 3);
  }

  @Test
  void anOverlapNamesTheMeetingsInTimeOrder() {
    Schedule s = schedule(3);
    s.setOverrides(new ArrayList<>(List.of(override(3, "2027-01-05T19:00"))));

    assertThatThrownBy(() -> ScheduleExpander.expand(s)).hasMessageStartingWith(
        "spec.schedule.overrides[0].start: meeting 3 (2027-01-05T19:00:00Z) would overlap meeting 1 ");
  }

  // ---- time zone, duration, every ------------------------------------------------------------------------

  @Test
  void aMissingTimeZoneIsRequired() {
    Schedule s = schedule(1);
    s.setTimeZone(null);
    assertThatThrownBy(() -> ScheduleExpander.expand(s)).hasMessage("spec.schedule.timeZone: is required");
  }

  @Test
  void aBlankTimeZoneIsRequired() {
    Schedule s = schedule(1);
    s.setTimeZone(" ");
    assertThatThrownBy(() -> ScheduleExpander.expand(s)).hasMessage("spec.schedule.timeZone: is required");
  }

  @Test
  void aZeroDurationIsRefused() {
    Schedule s = schedule(2);
    s.setDuration("0m");
    assertThatThrownBy(() -> ScheduleExpander.expand(s)).hasMessage("spec.schedule.duration: must be longer than zero");
  }

  @Test
  void aZeroIntervalIsRefusedAsAnInterval() {
    Schedule s = schedule(2);
    s.setEvery("0d");
    assertThat(fieldOf(s)).isEqualTo("spec.schedule.every");
  }

  @Test
  void anIntervalOfDaysAndMinutesIsRefused() {
    Schedule s = schedule(2);
    s.setEvery("1d30m");
    assertThat(fieldOf(s)).isEqualTo("spec.schedule.every");
  }

  @Test
  void anIntervalOfWholeDaysIsAccepted() throws Exception {
    Schedule s = schedule(2);
    s.setEvery("3d");
    assertThat(ScheduleExpander.expand(s).get(1).start()).isEqualTo(Instant.parse("2027-01-08T18:00:00Z"));
  }
}
