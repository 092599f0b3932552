package dev.study.operator.rsvp;

import static dev.study.operator.rsvp.RsvpResponse.accepted;
import static dev.study.operator.rsvp.RsvpResponse.declined;
import static dev.study.operator.rsvp.RsvpResponse.needsAction;
import static dev.study.operator.rsvp.RsvpResponse.tentative;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.Member;
import dev.study.operator.calendar.EventDiff;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RsvpDiffTest {
  private static final String UID = "0b7c1a52-7d0e-4f4a-8a51-3f2f0f7d9c11";
  private static final Instant FIRST = Instant.parse("2027-01-05T18:00:00Z");
  private static final String ALICE = "alice@example.org";
  private static final String BOB = "bob@example.org";
  private static final String CAROL = "carol@example.org";

  /** One row of the table: the group, what Calendar and PostgreSQL hold, and exactly what the plan must say. */
  record Case(String name, List<Member> members, List<Integer> meetings, List<ObservedEvent> events,
      List<Rsvp> observed, List<Rsvp> upserts, List<RsvpKey> deletes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        new Case("recordsEveryMembersResponseOfANewGroup", members("alice", "bob"), List.of(1, 2),
            List.of(event(1, ALICE, "accepted", BOB, "declined"), event(2, ALICE, "tentative", BOB, "needsAction")),
            List.of(),
            List.of(row(1, "alice", accepted), row(1, "bob", declined), row(2, "alice", tentative),
                row(2, "bob", needsAction)),
            List.of()),
        new Case("countsAMemberMissingFromTheAttendeesAsNeedsAction", members("alice", "bob"), List.of(1),
            List.of(event(1, ALICE, "accepted")), List.of(),
            List.of(row(1, "alice", accepted), row(1, "bob", needsAction)), List.of()),
        new Case("countsAnUnknownResponseStatusAsNeedsAction", members("alice"), List.of(1),
            List.of(event(1, ALICE, "maybe")), List.of(), List.of(row(1, "alice", needsAction)), List.of()),
        new Case("matchesAttendeeEmailsIgnoringCase", members("alice"), List.of(1),
            List.of(event(1, "Alice@Example.ORG", "accepted")), List.of(), List.of(row(1, "alice", accepted)),
            List.of()),
        new Case("plansNothingForAnUnchangedGroup", members("alice", "bob"), List.of(1, 2),
            List.of(event(1, ALICE, "accepted", BOB, "declined"), event(2, ALICE, "accepted")),
            List.of(row(1, "alice", accepted), row(1, "bob", declined), row(2, "alice", accepted),
                row(2, "bob", needsAction)),
            List.of(), List.of()),
        new Case("upsertsOnlyTheResponseThatChanged", members("alice", "bob"), List.of(1, 2),
            List.of(event(1, ALICE, "declined", BOB, "declined"), event(2, ALICE, "accepted", BOB, "accepted")),
            List.of(row(1, "alice", accepted), row(1, "bob", declined), row(2, "alice", accepted),
                row(2, "bob", accepted)),
            List.of(row(1, "alice", declined)), List.of()),
        new Case("insertsTheMissingRowOfANewMember", members("alice", "bob"), List.of(1),
            List.of(event(1, ALICE, "accepted")), List.of(row(1, "alice", accepted)),
            List.of(row(1, "bob", needsAction)), List.of()),
        new Case("deletesEveryRowOfAFormerMember", members("alice"), List.of(1, 2),
            List.of(event(1, ALICE, "accepted", CAROL, "accepted"), event(2, ALICE, "accepted")),
            List.of(row(1, "alice", accepted), row(1, "carol", accepted), row(2, "alice", accepted),
                row(2, "carol", declined)),
            List.of(), List.of(new RsvpKey(1, "carol"), new RsvpKey(2, "carol"))),
        new Case("deletesRowsOfAMemberWhoNoLongerHasAnEmail", List.of(member("alice"), discordOnly("bob")), List.of(1),
            List.of(event(1, ALICE, "accepted", BOB, "accepted")),
            List.of(row(1, "alice", accepted), row(1, "bob", accepted)), List.of(), List.of(new RsvpKey(1, "bob"))),
        new Case("recordsNoRowForAMemberWithoutAnEmail", List.of(member("alice"), discordOnly("dan")), List.of(1),
            List.of(event(1, ALICE, "accepted")), List.of(), List.of(row(1, "alice", accepted)), List.of()),
        new Case("deletesRowsOfAMeetingNoLongerInTheSchedule", members("alice"), List.of(1),
            List.of(event(1, ALICE, "accepted"), event(2, ALICE, "accepted")),
            List.of(row(1, "alice", accepted), row(2, "alice", accepted)), List.of(), List.of(new RsvpKey(2, "alice"))),
        new Case("keepsRowsOfAScheduledMeetingWhoseEventIsNotObservedYet", members("alice"), List.of(1, 2),
            List.of(event(1, ALICE, "accepted")),
            List.of(row(1, "alice", accepted), row(2, "alice", declined)), List.of(), List.of()),
        new Case("recordsNothingForAScheduledMeetingWithoutAnEvent", members("alice"), List.of(1, 2),
            List.of(event(1, ALICE, "accepted")), List.of(), List.of(row(1, "alice", accepted)), List.of()),
        new Case("keepsRowsOfACancelledEventAndRecordsNothingNew", members("alice", "bob"), List.of(1),
            List.of(cancelled(event(1, ALICE, "declined"))), List.of(row(1, "alice", accepted)), List.of(), List.of()),
        new Case("deletesAFormerMembersRowEvenWhenItsEventIsNotObserved", members("alice"), List.of(1),
            List.of(), List.of(row(1, "alice", accepted), row(1, "carol", accepted)), List.of(),
            List.of(new RsvpKey(1, "carol"))),
        new Case("ignoresEventsOfAnotherGroupOrNumber", members("alice"), List.of(1),
            List.of(eventWithId("someoneelses", ALICE, "accepted")), List.of(), List.of(), List.of()),
        new Case("plansNothingForAGroupWithoutMembersOrEvents", List.of(), List.of(1, 2), List.of(), List.of(),
            List.of(), List.of()),
        new Case("deletesEverythingWhenTheLastMemberLeaves", List.of(), List.of(1),
            List.of(event(1, ALICE, "accepted")), List.of(row(1, "alice", accepted)), List.of(),
            List.of(new RsvpKey(1, "alice"))))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void plansExactlyTheNeededWrites(Case c) {
    RsvpPlan plan = RsvpDiff.plan(UID, meetings(c.meetings()), c.members(), c.events(), c.observed());

    assertThat(plan.upserts()).as("upserts").containsExactlyElementsOf(c.upserts());
    assertThat(plan.deletes()).as("deletes").containsExactlyElementsOf(c.deletes());
    assertThat(plan.isEmpty()).isEqualTo(c.upserts().isEmpty() && c.deletes().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void applyingThePlanOnceMoreChangesNothing(Case c) {
    RsvpPlan plan = RsvpDiff.plan(UID, meetings(c.meetings()), c.members(), c.events(), c.observed());

    RsvpPlan again = RsvpDiff.plan(UID, meetings(c.meetings()), c.members(), c.events(), plan.recorded());

    assertThat(again.isEmpty()).as(again.summary()).isTrue();
    assertThat(again.recorded()).isEqualTo(plan.recorded());
  }

  @Test
  void recordedIsTheRowsAfterThePlanWithTheirCounts() {
    List<Rsvp> observed = List.of(row(1, "alice", needsAction), row(1, "carol", accepted), row(2, "bob", declined));
    RsvpPlan plan = RsvpDiff.plan(UID, meetings(List.of(1, 2, 3)), members("alice", "bob"),
        List.of(event(1, ALICE, "accepted", BOB, "tentative")), observed);

    assertThat(plan.recorded()).containsExactly(row(1, "alice", accepted), row(1, "bob", tentative),
        row(2, "bob", declined));
    assertThat(plan.count(accepted)).isEqualTo(1);
    assertThat(plan.count(tentative)).isEqualTo(1);
    assertThat(plan.count(declined)).isEqualTo(1);
    assertThat(plan.count(needsAction)).isZero();
    assertThat(plan.summary()).isEqualTo("record 2, remove 1");
  }

  @Test
  void desiredRowsAreSortedByMeetingThenMember() {
    List<Rsvp> desired = RsvpDiff.desired(UID, meetings(List.of(2, 1)), members("bob", "alice"),
        List.of(event(2, ALICE, "accepted"), event(1, BOB, "declined")));

    assertThat(desired).containsExactly(row(1, "alice", needsAction), row(1, "bob", declined),
        row(2, "alice", accepted), row(2, "bob", needsAction));
  }

  @Test
  void readsGoogleResponseStatuses() {
    assertThat(RsvpResponse.of("accepted")).isEqualTo(accepted);
    assertThat(RsvpResponse.of("declined")).isEqualTo(declined);
    assertThat(RsvpResponse.of("tentative")).isEqualTo(tentative);
    assertThat(RsvpResponse.of("needsAction")).isEqualTo(needsAction);
    assertThat(RsvpResponse.of(null)).isEqualTo(needsAction);
    assertThat(RsvpResponse.of("ACCEPTED")).isEqualTo(needsAction);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static Rsvp row(int meeting, String member, RsvpResponse response) {
    return new Rsvp(meeting, member, response);
  }

  private static List<Meeting> meetings(List<Integer> numbers) {
    return numbers.stream().map(n -> {
      Instant start = FIRST.plus(7L * (n - 1), ChronoUnit.DAYS);
      return new Meeting(n, start, start.plus(90, ChronoUnit.MINUTES));
    }).toList();
  }

  private static List<Member> members(String... ids) {
    List<Member> out = new ArrayList<>();
    for (String id : ids) {
      out.add(member(id));
    }
    return out;
  }

  private static Member member(String id) {
    Member m = discordOnly(id);
    m.setEmail(id + "@example.org");
    return m;
  }

  private static Member discordOnly(String id) {
    Member m = new Member();
    m.setId(id);
    m.setDiscordUserId(String.valueOf(300000000000000000L + id.hashCode() % 1000));
    return m;
  }

  /** An event of meeting n with attendees given as email, responseStatus pairs. */
  private static ObservedEvent event(int n, String... attendees) {
    return eventWithId(EventDiff.eventId(UID, n), attendees);
  }

  private static ObservedEvent eventWithId(String id, String... attendees) {
    Map<String, String> byEmail = new LinkedHashMap<>();
    for (int i = 0; i < attendees.length; i += 2) {
      byEmail.put(attendees[i], attendees[i + 1]);
    }
    return new ObservedEvent(id, ObservedEvent.Status.CONFIRMED, "s", "d", FIRST, FIRST, "Europe/London", byEmail, UID);
  }

  private static ObservedEvent cancelled(ObservedEvent e) {
    return new ObservedEvent(e.id(), ObservedEvent.Status.CANCELLED, null, null, null, null, null, e.attendees(),
        e.ownerUid());
  }
}
