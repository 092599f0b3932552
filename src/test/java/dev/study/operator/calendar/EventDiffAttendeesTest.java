package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.calendar.model.Attendee;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.sync.GroupContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who is invited to a group's events: members with a usable email, each once, nobody having answered yet. */
class EventDiffAttendeesTest {
  private static final String UID = "0b6c9a2e-5d1f-4c3a-9e7b-1f2d3c4b5a69";
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  private static GroupContext group(StudyGroupSpec spec) throws Exception {
    return new GroupContext(UID, "ns", "algorithms", 1, spec, ScheduleExpander.expand(spec.getSchedule()), NOW, null);
  }

  private static Member member(String id, String email) {
    Member m = new Member();
    m.setId(id);
    m.setEmail(email);
    return m;
  }

  @Test
  void aNewEventInvitesEveryMemberWithNoResponseYet() {
    DesiredEvent want = new DesiredEvent(1, "id1", "s", "d", NOW, NOW.plusSeconds(3600), "UTC",
        List.of("alice@example.com", "Bob@Example.com"));

    assertThat(EventDiff.newAttendees(want)).containsExactly(
        new Attendee("alice@example.com", Attendee.NEEDS_ACTION), new Attendee("Bob@Example.com", Attendee.NEEDS_ACTION));
  }

  @Test
  void aMemberWithABlankEmailIsNotInvited() throws Exception {
    StudyGroupSpec spec = EventDiffTest.spec(null);
    spec.setMembers(new ArrayList<>(List.of(member("alice", "alice@example.com"), member("erin", "  "))));

    assertThat(EventDiff.desired(group(spec))).allSatisfy(e -> assertThat(e.attendees())
        .containsExactly("alice@example.com"));
  }

  @Test
  void aGroupWithoutMembersStillGetsItsEventsWithNobodyInvited() throws Exception {
    StudyGroupSpec spec = EventDiffTest.spec(null);
    spec.setMembers(null);

    assertThat(EventDiff.desired(group(spec))).hasSize(4).allSatisfy(e -> assertThat(e.attendees()).isEmpty());
  }
}
