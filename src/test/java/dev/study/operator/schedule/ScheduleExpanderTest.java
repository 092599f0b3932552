package dev.study.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.MeetingOverride;
import dev.study.operator.api.Schedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleExpanderTest {

  private static Schedule schedule(String zone, String first, int count) {
    Schedule s = new Schedule();
    s.setTimeZone(zone);
    s.setFirstMeeting(first);
    s.setDuration("90m");
    s.setEvery("1w");
    s.setCount(count);
    return s;
  }

  private static MeetingOverride override(int number, String start, String duration) {
    MeetingOverride o = new MeetingOverride();
    o.setNumber(number);
    o.setStart(start);
    o.setDuration(duration);
    return o;
  }

  @Test
  void expandsAWeeklySeriesWithStartAndEnd() throws Exception {
    List<Meeting> meetings = ScheduleExpander.expand(schedule("UTC", "2027-01-05T18:00", 3));

    assertThat(meetings).containsExactly(
        new Meeting(1, Instant.parse("2027-01-05T18:00:00Z"), Instant.parse("2027-01-05T19:30:00Z")),
        new Meeting(2, Instant.parse("2027-01-12T18:00:00Z"), Instant.parse("2027-01-12T19:30:00Z")),
        new Meeting(3, Instant.parse("2027-01-19T18:00:00Z"), Instant.parse("2027-01-19T19:30:00Z")));
  }

  @Test
  void keepsLocalTimeAcrossTheLondonSpringForward() throws Exception {
    // BST starts Sunday 28 March 2027: 18:00 local is 18:00Z before and 17:00Z after.
    List<Meeting> meetings = ScheduleExpander.expand(schedule("Europe/London", "2027-03-23T18:00", 2));

    assertThat(meetings.get(0).start()).isEqualTo(Instant.parse("2027-03-23T18:00:00Z"));
    assertThat(meetings.get(1).start()).isEqualTo(Instant.parse("2027-03-30T17:00:00Z"));
    assertThat(meetings.get(1).end()).isEqualTo(Instant.parse("2027-03-30T18:30:00Z"));
  }

  @Test
  void keepsLocalTimeAcrossTheLondonFallBack() throws Exception {
    // BST ends Sunday 31 October 2027.
    List<Meeting> meetings = ScheduleExpander.expand(schedule("Europe/London", "2027-10-26T18:00", 2));

    assertThat(meetings.get(0).start()).isEqualTo(Instant.parse("2027-10-26T17:00:00Z"));
    assertThat(meetings.get(1).start()).isEqualTo(Instant.parse("2027-11-02T18:00:00Z"));
  }

  @Test
  void keepsLocalTimeAcrossNewYorkSpringForwardAndFallBack() throws Exception {
    // DST in New York: 14 March 2027 to 7 November 2027.
    Schedule s = schedule("America/New_York", "2027-03-09T19:00", 2);
    List<Meeting> spring = ScheduleExpander.expand(s);
    assertThat(spring.get(0).start()).isEqualTo(Instant.parse("2027-03-10T00:00:00Z"));
    assertThat(spring.get(1).start()).isEqualTo(Instant.parse("2027-03-16T23:00:00Z"));

    List<Meeting> autumn = ScheduleExpander.expand(schedule("America/New_York", "2027-11-02T19:00", 2));
    assertThat(autumn.get(0).start()).isEqualTo(Instant.parse("2027-11-02T23:00:00Z"));
    assertThat(autumn.get(1).start()).isEqualTo(Instant.parse("2027-11-10T00:00:00Z"));
  }

  @Test
  void aMeetingInTheSpringGapMovesForwardByTheGap() throws Exception {
    // 01:30 on 28 March 2027 does not exist in London; java.time moves it to 02:30 BST = 01:30Z.
    Schedule s = schedule("Europe/London", "2027-03-21T01:30", 2);
    assertThat(ScheduleExpander.expand(s).get(1).start()).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
  }

  @Test
  void aMeetingInTheAutumnOverlapTakesTheEarlierOffset() throws Exception {
    // 01:30 on 31 October 2027 happens twice in London; the first (BST, 00:30Z) is taken.
    Schedule s = schedule("Europe/London", "2027-10-24T01:30", 2);
    assertThat(ScheduleExpander.expand(s).get(1).start()).isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
  }

  @Test
  void skippedMeetingsAreLeftOutWithoutRenumbering() throws Exception {
    Schedule s = schedule("UTC", "2027-01-05T18:00", 5);
    s.setSkip(List.of(2, 4));

    assertThat(ScheduleExpander.expand(s)).extracting(Meeting::number).containsExactly(1, 3, 5);
  }

  @Test
  void anOverrideMovesOneMeetingAndMayChangeItsLength() throws Exception {
    Schedule s = schedule("Europe/London", "2027-01-05T18:00", 3);
    s.setOverrides(List.of(override(2, "2027-01-13T19:00", "2h")));

    List<Meeting> meetings = ScheduleExpander.expand(s);

    assertThat(meetings.get(1)).isEqualTo(
        new Meeting(2, Instant.parse("2027-01-13T19:00:00Z"), Instant.parse("2027-01-13T21:00:00Z")));
    assertThat(meetings.get(2).start()).isEqualTo(Instant.parse("2027-01-19T18:00:00Z"));
  }

  @Test
  void anOverrideAcrossADstChangeUsesTheOffsetOfItsOwnDate() throws Exception {
    Schedule s = schedule("Europe/London", "2027-03-16T18:00", 3);
    s.setOverrides(List.of(override(2, "2027-03-28T18:00", null)));

    assertThat(ScheduleExpander.expand(s).get(1).start()).isEqualTo(Instant.parse("2027-03-28T17:00:00Z"));
  }

  @Test
  void everyTwoWeeksSpacesMeetingsFourteenDaysApart() throws Exception {
    Schedule s = schedule("UTC", "2027-01-05T18:00", 2);
    s.setEvery("2w");
    assertThat(ScheduleExpander.expand(s).get(1).start()).isEqualTo(Instant.parse("2027-01-19T18:00:00Z"));
  }

  @Test
  void anUnknownTimeZoneNamesTheField() {
    assertThatThrownBy(() -> ScheduleExpander.expand(schedule("Europe/Atlantis", "2027-01-05T18:00", 2)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.schedule.timeZone")
        .hasMessageContaining("Europe/Atlantis");
  }

  @Test
  void aFixedOffsetIsNotATimeZone() {
    assertThatThrownBy(() -> ScheduleExpander.expand(schedule("+02:00", "2027-01-05T18:00", 2)))
        .hasMessageStartingWith("spec.schedule.timeZone");
  }

  @Test
  void anImpossibleDateNamesTheField() {
    assertThatThrownBy(() -> ScheduleExpander.expand(schedule("UTC", "2027-02-30T18:00", 2)))
        .isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo("spec.schedule.firstMeeting"));
  }

  @Test
  void anImpossibleOverrideStartNamesTheOverride() {
    Schedule s = schedule("UTC", "2027-01-05T18:00", 3);
    s.setOverrides(List.of(override(3, "2027-01-19T25:00", null)));
    assertThatThrownBy(() -> ScheduleExpander.expand(s))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.schedule.overrides[0].start");
  }

  @Test
  void anIntervalInHoursIsRejected() {
    Schedule s = schedule("UTC", "2027-01-05T18:00", 3);
    s.setEvery("36h");
    assertThatThrownBy(() -> ScheduleExpander.expand(s)).hasMessageStartingWith("spec.schedule.every");
  }
}
