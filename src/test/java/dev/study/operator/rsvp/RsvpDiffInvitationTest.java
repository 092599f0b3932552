package dev.study.operator.rsvp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.Member;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.testing.StudyGroups;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows an RSVP plan keeps: only invited members' (a usable email), removed in one stable order. */
class RsvpDiffInvitationTest {
  private static final String UID = "0b7c1a52-7d0e-4f4a-8a51-3f2f0f7d9c11";
  private static final Instant FIRST = Instant.parse("2027-01-05T18:00:00Z");
  private static final List<Meeting> MEETINGS = List.of(new Meeting(1, FIRST, FIRST.plusSeconds(5400)),
      new Meeting(2, FIRST.plusSeconds(7 * 86400), FIRST.plusSeconds(7 * 86400 + 5400)));

  private static Rsvp row(int meeting, String member) {
    return new Rsvp(meeting, member, RsvpResponse.accepted);
  }

  @Test
  void aSpecWithoutMembersRemovesEveryRow() {
    RsvpPlan plan = RsvpDiff.plan(UID, MEETINGS, null, List.of(), List.of(row(1, "alice"), row(2, "alice")));

    assertThat(plan.deletes()).containsExactly(new RsvpKey(1, "alice"), new RsvpKey(2, "alice"));
    assertThat(plan.recorded()).isEmpty();
  }

  @Test
  void aMemberWithABlankEmailIsNotInvitedSoTheirRowsGo() {
    Member bob = StudyGroups.member("bob");
    bob.setEmail(" ");
    RsvpPlan plan = RsvpDiff.plan(UID, MEETINGS, List.of(StudyGroups.member("alice"), bob), List.of(),
        List.of(row(1, "alice"), row(1, "bob")));

    assertThat(plan.deletes()).containsExactly(new RsvpKey(1, "bob"));
  }

  @Test
  void removalsComeInMeetingThenMemberOrderWhateverOrderTheyWereRead() {
    RsvpPlan plan = RsvpDiff.plan(UID, MEETINGS, List.of(StudyGroups.member("alice")), List.of(),
        List.of(row(2, "carol"), row(1, "dave"), row(1, "alice"), row(1, "carol")));

    assertThat(plan.deletes()).containsExactly(new RsvpKey(1, "carol"), new RsvpKey(1, "dave"), new RsvpKey(2, "carol"));
  }
}
