package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.ReminderSpec;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.testing.StudyGroups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderDiffTest {
  private static final String UID = "uid-1";
  // Meetings every Tuesday 18:00 London from 5 Jan 2027 (GMT, so 18:00Z), four of them.
  private static final Instant BEFORE_ALL = Instant.parse("2027-01-01T00:00:00Z");

  private static StudyGroupSpec spec(String... offsets) {
    StudyGroupSpec spec = StudyGroups.group("ns", "g", "alice", "bob").getSpec();
    List<ReminderSpec> reminders = new ArrayList<>();
    for (String o : offsets) {
      ReminderSpec r = new ReminderSpec();
      r.setOffset(o);
      reminders.add(r);
    }
    spec.setReminders(reminders);
    return spec;
  }

  private static List<Meeting> meetings(StudyGroupSpec spec) throws Exception {
    return ScheduleExpander.expand(spec.getSchedule());
  }

  private static List<Reminder> desired(StudyGroupSpec spec, Instant now) throws Exception {
    return ReminderDiff.desired(UID, "ns", "g", spec, meetings(spec), now);
  }

  private static List<Reminder> stored(List<Reminder> rows, ReminderState state) {
    return rows.stream().map(r -> r.withState(state)).toList();
  }

  @Test
  void wantsEveryFutureMeetingTimesEveryOffsetDueAtStartMinusOffset() throws Exception {
    List<Reminder> want = desired(spec("24h", "1h"), BEFORE_ALL);

    assertThat(want).hasSize(8);
    assertThat(want.get(0).dueAt()).isEqualTo(Instant.parse("2027-01-04T18:00:00Z"));
    assertThat(want.get(1).dueAt()).isEqualTo(Instant.parse("2027-01-05T17:00:00Z"));
    assertThat(want).allSatisfy(r -> assertThat(r.channelId()).isEqualTo(StudyGroups.TEXT_CHANNEL));
  }

  @Test
  void meetingsThatHaveStartedGetNoReminders() throws Exception {
    List<Reminder> want = desired(spec("1h"), Instant.parse("2027-01-05T18:00:00Z"));
    assertThat(want).extracting(Reminder::meetingNumber).containsExactly(2, 3, 4);
  }

  @Test
  void mentionsEveryMemberWithADiscordIdOnlyWhenAsked() throws Exception {
    StudyGroupSpec spec = spec("1h", "24h");
    spec.getReminders().get(0).setMention(true);
    spec.getMembers().get(1).setDiscordUserId(null);

    List<Reminder> want = desired(spec, BEFORE_ALL);

    assertThat(want.get(0).mentions()).isEqualTo(spec.getMembers().get(0).getDiscordUserId());
    assertThat(want.get(1).mentions()).isEmpty();
  }

  @Test
  void goesToTheReminderChannelWhenOneIsGiven() throws Exception {
    StudyGroupSpec spec = spec("1h");
    spec.getDiscord().setReminderChannelId("200000000000000009");
    assertThat(desired(spec, BEFORE_ALL)).allSatisfy(r -> assertThat(r.channelId()).isEqualTo("200000000000000009"));
  }

  @Test
  void createsWhatIsMissing() throws Exception {
    ReminderPlan plan = ReminderDiff.plan(desired(spec("1h"), BEFORE_ALL), List.of(), BEFORE_ALL);
    assertThat(plan.create()).hasSize(4);
    assertThat(plan.move()).isEmpty();
    assertThat(plan.cancel()).isEmpty();
    assertThat(plan.pending()).hasSize(4);
  }

  @Test
  void anUnchangedGroupPlansNothing() throws Exception {
    List<Reminder> want = desired(spec("1h", "24h"), BEFORE_ALL);
    ReminderPlan plan = ReminderDiff.plan(want, stored(want, ReminderState.pending), BEFORE_ALL);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.pending()).hasSize(8);
  }

  @Test
  void aMovedMeetingMovesItsRemindersOnly() throws Exception {
    StudyGroupSpec before = spec("1h");
    List<Reminder> rows = stored(desired(before, BEFORE_ALL), ReminderState.pending);
    StudyGroupSpec after = spec("1h");
    var override = new dev.study.operator.api.MeetingOverride();
    override.setNumber(2);
    override.setStart("2027-01-13T19:00");
    after.getSchedule().setOverrides(List.of(override));

    ReminderPlan plan = ReminderDiff.plan(desired(after, BEFORE_ALL), rows, BEFORE_ALL);

    assertThat(plan.move()).singleElement().satisfies(r -> {
      assertThat(r.meetingNumber()).isEqualTo(2);
      assertThat(r.dueAt()).isEqualTo(Instant.parse("2027-01-13T18:00:00Z"));
    });
    assertThat(plan.create()).isEmpty();
    assertThat(plan.cancel()).isEmpty();
  }

  @Test
  void aSkippedMeetingOrRemovedOffsetCancelsPendingReminders() throws Exception {
    List<Reminder> rows = stored(desired(spec("1h", "24h"), BEFORE_ALL), ReminderState.pending);
    StudyGroupSpec after = spec("1h");
    after.getSchedule().setSkip(List.of(3));

    ReminderPlan plan = ReminderDiff.plan(desired(after, BEFORE_ALL), rows, BEFORE_ALL);

    assertThat(plan.cancel()).hasSize(5);
    assertThat(plan.cancel()).filteredOn(r -> r.offset().equals("1h")).extracting(Reminder::meetingNumber)
        .containsExactly(3);
    assertThat(plan.create()).isEmpty();
  }

  @Test
  void aSentReminderIsHistoryAndNeverRecreatedOrMoved() throws Exception {
    List<Reminder> want = desired(spec("24h"), BEFORE_ALL);
    List<Reminder> rows = new ArrayList<>(stored(want, ReminderState.pending));
    rows.set(0, rows.get(0).withState(ReminderState.sent));
    StudyGroupSpec moved = spec("24h");
    moved.getSchedule().setFirstMeeting("2027-01-05T19:00");

    ReminderPlan plan = ReminderDiff.plan(desired(moved, BEFORE_ALL), rows, BEFORE_ALL);

    assertThat(plan.move()).extracting(Reminder::meetingNumber).containsExactly(2, 3, 4);
    assertThat(plan.create()).isEmpty();
    assertThat(plan.pending()).extracting(Reminder::meetingNumber).containsExactly(2, 3, 4);
  }

  @Test
  void aSentReminderWhoseOffsetIsRemovedIsNotCancelled() throws Exception {
    List<Reminder> rows = stored(desired(spec("24h"), BEFORE_ALL), ReminderState.sent);
    ReminderPlan plan = ReminderDiff.plan(List.of(), rows, BEFORE_ALL);
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void aCancelledReminderWantedAgainIsRevived() throws Exception {
    List<Reminder> want = desired(spec("1h"), BEFORE_ALL);
    ReminderPlan plan = ReminderDiff.plan(want, stored(want, ReminderState.cancelled), BEFORE_ALL);
    assertThat(plan.move()).hasSize(4);
    assertThat(plan.create()).isEmpty();
  }

  @Test
  void aFailedReminderIsRetriedOnlyWhenItsDeliveryChanges() throws Exception {
    List<Reminder> want = desired(spec("1h"), BEFORE_ALL);
    List<Reminder> failed = stored(want, ReminderState.failed);
    assertThat(ReminderDiff.plan(want, failed, BEFORE_ALL).isEmpty()).isTrue();

    StudyGroupSpec fixed = spec("1h");
    fixed.getDiscord().setReminderChannelId("200000000000000009");
    assertThat(ReminderDiff.plan(desired(fixed, BEFORE_ALL), failed, BEFORE_ALL).move()).hasSize(4);
  }

  @Test
  void aPendingReminderOfAStartedMeetingIsLeftForTheDispatcherToDrop() throws Exception {
    List<Reminder> rows = stored(desired(spec("1h"), BEFORE_ALL), ReminderState.pending);
    Instant duringMeetingOne = Instant.parse("2027-01-05T18:30:00Z");

    ReminderPlan plan = ReminderDiff.plan(desired(spec("1h"), duringMeetingOne), rows, duringMeetingOne);

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void theNonceIsStablePerReminderAndFitsDiscord() {
    ReminderKey a = new ReminderKey(UID, 1, "1h");
    assertThat(ReminderMessage.nonce(a)).hasSize(25).isEqualTo(ReminderMessage.nonce(new ReminderKey(UID, 1, "1h")));
    assertThat(ReminderMessage.nonce(a)).isNotEqualTo(ReminderMessage.nonce(new ReminderKey(UID, 1, "24h")));
  }

  @Test
  void theMessageNamesTheGroupMeetingAndStartAsADiscordTimestampWithMentions() throws Exception {
    Reminder r = new Reminder(UID, 3, "1h", "ns", "g", "Cohort 7", "guild", "c", Instant.parse("2027-01-19T18:00:00Z"),
        Instant.parse("2027-01-19T17:00:00Z"), "111111111111111111,222222222222222222", ReminderState.pending);
    assertThat(ReminderMessage.content(r))
        .contains("**Cohort 7**", "meeting 3", "<t:1800381600:F>", "<@111111111111111111> <@222222222222222222>");
  }

  @Test
  void heldRemindersResumeWhenWantedAndTheMovesExpectTheHeldState() throws Exception {
    StudyGroupSpec spec = spec("1h");
    List<Reminder> held = stored(desired(spec, BEFORE_ALL), ReminderState.held);

    ReminderPlan plan = ReminderDiff.plan(desired(spec, BEFORE_ALL), held, BEFORE_ALL);

    assertThat(plan.moves()).hasSize(4).allSatisfy(m -> {
      assertThat(m.from()).isEqualTo(ReminderState.held);
      assertThat(m.to().state()).isEqualTo(ReminderState.pending);
    });
    assertThat(plan.pending()).hasSize(4);
  }

  @Test
  void heldRemindersOfMeetingsThatStartedAreDroppedAndUnwantedFutureOnesCancelled() throws Exception {
    StudyGroupSpec spec = spec("1h");
    List<Reminder> held = stored(desired(spec, BEFORE_ALL), ReminderState.held);
    Instant afterTwo = Instant.parse("2027-01-13T00:00:00Z");
    spec.getSchedule().setSkip(List.of(4));

    ReminderPlan plan = ReminderDiff.plan(desired(spec, afterTwo), held, afterTwo);

    assertThat(plan.drop()).extracting(Reminder::meetingNumber).containsExactlyInAnyOrder(1, 2);
    assertThat(plan.cancel()).extracting(Reminder::meetingNumber).containsExactly(4);
    assertThat(plan.move()).extracting(Reminder::meetingNumber).containsExactly(3);
  }

  @Test
  void missedRemindersAreHistoryLikeSentOnes() throws Exception {
    StudyGroupSpec spec = spec("1h");
    List<Reminder> missed = stored(desired(spec, BEFORE_ALL), ReminderState.missed);

    assertThat(ReminderDiff.plan(desired(spec, BEFORE_ALL), missed, BEFORE_ALL).isEmpty()).isTrue();
  }

  @Test
  void aRowWithoutAGuildIsMovedToGetOne() throws Exception {
    StudyGroupSpec spec = spec("1h");
    List<Reminder> old = desired(spec, BEFORE_ALL).stream().map(r -> new Reminder(r.groupUid(), r.meetingNumber(),
        r.offset(), r.namespace(), r.name(), r.groupName(), null, r.channelId(), r.meetingStart(), r.dueAt(),
        r.mentions(), ReminderState.pending)).toList();

    ReminderPlan plan = ReminderDiff.plan(desired(spec, BEFORE_ALL), old, BEFORE_ALL);

    assertThat(plan.move()).hasSize(4).allSatisfy(r -> assertThat(r.guildId()).isEqualTo(StudyGroups.GUILD));
    assertThat(plan.moves()).allSatisfy(m -> assertThat(m.from()).isEqualTo(ReminderState.pending));
  }
}
