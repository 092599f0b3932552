package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.Attendee;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.calendar.EventPatch.Change;
import dev.study.operator.calendar.model.ObservedEvent.Status;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.ScheduleExpander;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventDiffTest {
  private static final String UID = "0b6c9a2e-5d1f-4c3a-9e7b-1f2d3c4b5a69";
  /** Meetings 1 and 2 (1 and 8 December) are over; 3 and 4 are ahead. */
  private static final Instant NOW = Instant.parse("2026-12-09T12:00:00Z");

  // ---- desired ---------------------------------------------------------------------------------------------

  @Test
  void eventIdIsLowercaseBase32HexOfAllowedLength() {
    String id = EventDiff.eventId(UID, 1);
    assertThat(id).matches("^[a-v0-9]{5,1024}$").hasSize(32);
  }

  @Test
  void eventIdIsStableAndDistinctPerUidAndMeeting() {
    assertThat(EventDiff.eventId(UID, 3)).isEqualTo(EventDiff.eventId(UID, 3));
    assertThat(EventDiff.eventId(UID, 3)).isNotEqualTo(EventDiff.eventId(UID, 4));
    assertThat(EventDiff.eventId(UID, 3)).isNotEqualTo(EventDiff.eventId("another-uid", 3));
    // "1:23" and "12:3" must not collide through the separator
    assertThat(EventDiff.eventId("x1", 23)).isNotEqualTo(EventDiff.eventId("x12", 3));
  }

  @Test
  void desiresOneEventPerMeetingWithTitleZoneAndMembersAsAttendees() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    assertThat(desired).extracting(DesiredEvent::meeting).containsExactly(1, 2, 3, 4);
    DesiredEvent first = desired.get(0);
    assertThat(first.id()).isEqualTo(EventDiff.eventId(UID, 1));
    assertThat(first.summary()).isEqualTo("Algorithms · Meeting 1");
    assertThat(first.start()).isEqualTo(Instant.parse("2026-12-01T18:00:00Z"));
    assertThat(first.end()).isEqualTo(Instant.parse("2026-12-01T19:30:00Z"));
    assertThat(first.timeZone()).isEqualTo("Europe/London");
    assertThat(first.attendees()).containsExactly("alice@example.com", "Bob@Example.com");
    assertThat(first.description()).doesNotContain("Discord");
  }

  @Test
  void skippedMeetingKeepsItsNumberOutOfTheEvents() throws Exception {
    StudyGroupSpec spec = spec(null);
    spec.getSchedule().setSkip(List.of(2));
    assertThat(EventDiff.desired(group(spec))).extracting(DesiredEvent::meeting).containsExactly(1, 3, 4);
  }

  @Test
  void descriptionNamesTheDiscordChannelWhenTheGroupUsesDiscord() throws Exception {
    DiscordTarget discord = new DiscordTarget();
    discord.setGuildId("111111111111111111");
    discord.setTextChannelId("222222222222222222");
    DesiredEvent first = EventDiff.desired(group(spec(discord))).get(0);
    assertThat(first.description()).contains("https://discord.com/channels/111111111111111111/222222222222222222");
  }

  @Test
  void membersWithoutEmailAreNotInvitedAndEmailsAreDedupedIgnoringCase() throws Exception {
    StudyGroupSpec spec = spec(null);
    spec.getMembers().add(member("dave", "ALICE@example.com"));
    assertThat(EventDiff.desired(group(spec)).get(0).attendees())
        .containsExactly("alice@example.com", "Bob@Example.com");
  }

  // ---- plan ------------------------------------------------------------------------------------------------

  /** One row of the table: observed events made from the desired ones, and the plan expected. */
  record Row(UnaryOperator<List<ObservedEvent>> observed, List<Integer> creates, Map<Integer, Set<Change>> patches,
      List<String> deletes, int unchanged) {}

  static Stream<Arguments> planTable() {
    return Stream.of(
        row("createsEveryFutureMeetingOfANewGroup", seen -> List.of(),
            List.of(3, 4), Map.of(), List.of(), 2),
        row("writesNothingWhenEverythingMatches", seen -> seen,
            List.of(), Map.of(), List.of(), 4),
        row("createsAFutureEventMissingFromTheCalendar", seen -> without(seen, 4),
            List.of(4), Map.of(), List.of(), 3),
        row("movesAnEventWhoseMeetingMoved", seen -> replace(seen, 3, e -> moved(e, Duration.ofHours(1))),
            List.of(), Map.of(3, Set.of(Change.TIME)), List.of(), 3),
        row("fixesAnEventWhoseTimeZoneDiffers", seen -> replace(seen, 3, e -> zoned(e, "UTC")),
            List.of(), Map.of(3, Set.of(Change.TIME)), List.of(), 3),
        row("fixesATitleEditedByHand", seen -> replace(seen, 4, e -> titled(e, "Pizza night")),
            List.of(), Map.of(4, Set.of(Change.SUMMARY)), List.of(), 3),
        row("fixesADescriptionEditedByHand", seen -> replace(seen, 4, e -> described(e, "moved to the pub")),
            List.of(), Map.of(4, Set.of(Change.DESCRIPTION)), List.of(), 3),
        row("invitesANewMember", seen -> replaceAll(seen, e -> withAttendees(e, Map.of("alice@example.com", "accepted"))),
            List.of(), Map.of(3, Set.of(Change.ATTENDEES), 4, Set.of(Change.ATTENDEES)), List.of(), 2),
        row("unInvitesARemovedMember", seen -> replaceAll(seen, e -> withAttendees(e, Map.of(
                "alice@example.com", "accepted", "bob@example.com", "declined", "mallory@example.com", "accepted"))),
            List.of(), Map.of(3, Set.of(Change.ATTENDEES), 4, Set.of(Change.ATTENDEES)), List.of(), 2),
        row("matchesAttendeeEmailsIgnoringCase", seen -> replaceAll(seen, e -> withAttendees(e, Map.of(
                "ALICE@EXAMPLE.COM", "accepted", "bob@example.com", "tentative"))),
            List.of(), Map.of(), List.of(), 4),
        row("restoresAnEventDeletedByHandInsteadOfReinserting", seen -> replace(seen, 3, EventDiffTest::cancelledBare),
            List.of(), Map.of(3, Set.of(Change.RESTORE, Change.TIME, Change.SUMMARY, Change.DESCRIPTION,
                Change.ATTENDEES, Change.OWNERSHIP)), List.of(), 3),
        row("confirmsATentativeEvent", seen -> replace(seen, 3, e -> withStatus(e, Status.TENTATIVE)),
            List.of(), Map.of(3, Set.of(Change.RESTORE)), List.of(), 3),
        row("reclaimsAnEventThatLostItsOwnershipMark", seen -> replace(seen, 3, e -> owned(e, null)),
            List.of(), Map.of(3, Set.of(Change.OWNERSHIP)), List.of(), 3),
        row("deletesTheEventOfADroppedFutureMeeting", seen -> plus(seen, stray("strayfuture0", NOW.plusSeconds(86_400))),
            List.of(), Map.of(), List.of("strayfuture0"), 4),
        row("deletesAnOwnedEventWithoutTimes", seen -> plus(seen, stray("straynotime0", null)),
            List.of(), Map.of(), List.of("straynotime0"), 4),
        row("leavesThePastEventOfADroppedMeetingAlone", seen -> plus(seen, stray("straypast000", NOW.minusSeconds(86_400))),
            List.of(), Map.of(), List.of(), 5),
        row("ignoresAnAlreadyDeletedEventOfADroppedMeeting",
            seen -> plus(seen, withStatus(stray("straygone000", NOW.plusSeconds(86_400)), Status.CANCELLED)),
            List.of(), Map.of(), List.of(), 4),
        row("leavesPastMeetingsAloneEvenWhenTheyDiffer", seen -> replace(replace(seen, 1, e -> titled(e, "renamed")),
                2, EventDiffTest::cancelledBare),
            List.of(), Map.of(), List.of(), 4),
        row("neverCreatesEventsForMeetingsThatAreOver", seen -> without(without(seen, 1), 2),
            List.of(), Map.of(), List.of(), 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planTable")
  void plans(Row row) throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    List<ObservedEvent> observed = row.observed().apply(matching(desired));

    CalendarPlan plan = EventDiff.plan(UID, desired, observed, NOW);

    assertThat(plan.creates()).extracting(DesiredEvent::meeting).containsExactlyElementsOf(row.creates());
    Map<Integer, Set<Change>> patches = new LinkedHashMap<>();
    plan.patches().forEach(p -> patches.put(p.desired().meeting(), p.changes()));
    assertThat(patches).isEqualTo(row.patches());
    assertThat(plan.deletes()).containsExactlyElementsOf(row.deletes());
    assertThat(plan.unchanged()).isEqualTo(row.unchanged());
    assertThat(plan.meetings()).isEqualTo(4);
    assertThat(plan.isEmpty()).isEqualTo(row.creates().isEmpty() && row.patches().isEmpty() && row.deletes().isEmpty());
  }

  @Test
  void changesAMeetingThatHasStartedButNotEnded() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    Instant duringMeeting3 = desired.get(2).start().plusSeconds(600);
    List<ObservedEvent> observed = replace(matching(desired), 3, e -> titled(e, "renamed"));
    CalendarPlan plan = EventDiff.plan(UID, desired, observed, duringMeeting3);
    assertThat(plan.patches()).extracting(p -> p.desired().meeting()).containsExactly(3);
  }

  @Test
  void patchingAttendeesKeepsTheResponsesOfThoseWhoStay() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    List<ObservedEvent> observed = replaceAll(matching(desired), e -> withAttendees(e, Map.of(
        "ALICE@example.com", "accepted", "mallory@example.com", "declined")));
    CalendarPlan plan = EventDiff.plan(UID, desired, observed, NOW);
    assertThat(plan.patches()).hasSize(2).allSatisfy(p -> assertThat(p.attendees()).containsExactly(
        new Attendee("alice@example.com", "accepted"), new Attendee("Bob@Example.com", "needsAction")));
  }

  @Test
  void organizerSelfAndRoomsOnTheListAreNotAReasonToPatch() throws Exception {
    DesiredEvent want = EventDiff.desired(group(spec(null))).get(2);
    ObservedEvent members = matching(List.of(want)).get(0);
    List<Attendee> people = new ArrayList<>(members.people());
    people.add(new Attendee("organizer@example.com", "accepted", null, null, null, null, true, true, false));
    people.add(new Attendee("room@resource.calendar.google.com", "accepted", null, null, null, null, false, false,
        true));
    assertThat(EventDiff.patchFor(UID, want, withPeople(members, people))).isEmpty();
  }

  @Test
  void patchKeepsTheOrganizerRoomsAndFieldsPeopleSetAndCarriesTheEtag() throws Exception {
    DesiredEvent want = EventDiff.desired(group(spec(null))).get(2);
    Attendee organizer = new Attendee("organizer@example.com", "accepted", null, null, null, null, true, true, false);
    Attendee alice = new Attendee("alice@example.com", "tentative", "Alice A.", "late", true, 2, false, false, false);
    ObservedEvent seen = withPeople(titled(matching(List.of(want)).get(0), "renamed"), List.of(alice, organizer));

    EventPatch patch = EventDiff.patchFor(UID, want, seen).orElseThrow();

    assertThat(patch.changes()).containsExactlyInAnyOrder(EventPatch.Change.SUMMARY, EventPatch.Change.ATTENDEES);
    assertThat(patch.attendees()).containsExactly(alice, new Attendee("Bob@Example.com", "needsAction"), organizer);
    assertThat(patch.etag()).isEqualTo("\"etag-1\"");
  }

  @Test
  void organizerWhoIsAlsoAMemberIsManagedAsAMember() throws Exception {
    DesiredEvent want = EventDiff.desired(group(spec(null))).get(2);
    ObservedEvent seen = withPeople(matching(List.of(want)).get(0), List.of(
        new Attendee("alice@example.com", "accepted", null, null, null, null, true, true, false)));
    assertThat(EventDiff.patchFor(UID, want, seen).orElseThrow().attendees()).extracting(Attendee::email)
        .containsExactly("alice@example.com", "Bob@Example.com");
  }

  @Test
  void restoredEventKeepsItsId() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    List<ObservedEvent> observed = replace(matching(desired), 4, EventDiffTest::cancelledBare);
    CalendarPlan plan = EventDiff.plan(UID, desired, observed, NOW);
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.patches()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(desired.get(3).id()));
  }

  @Test
  void mapsEveryMeetingToItsEventId() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    CalendarPlan plan = EventDiff.plan(UID, desired, List.of(), NOW);
    assertThat(plan.eventIds()).containsOnlyKeys(1, 2, 3, 4).containsEntry(2, EventDiff.eventId(UID, 2));
  }

  @Test
  void summarizesTheCountsOfWrites() throws Exception {
    List<DesiredEvent> desired = EventDiff.desired(group(spec(null)));
    List<ObservedEvent> observed = plus(replace(without(matching(desired), 4), 3, e -> titled(e, "x")),
        stray("strayfuture0", NOW.plusSeconds(60)));
    assertThat(EventDiff.plan(UID, desired, observed, NOW).summary()).isEqualTo("create 1, patch 1, delete 1");
    assertThat(EventDiff.plan(UID, desired, matching(desired), NOW).summary()).isEqualTo("create 0, patch 0, delete 0");
  }

  // ---- builders --------------------------------------------------------------------------------------------

  private static Arguments row(String name, UnaryOperator<List<ObservedEvent>> observed, List<Integer> creates,
      Map<Integer, Set<Change>> patches, List<String> deletes, int unchanged) {
    return Arguments.of(Named.of(name, new Row(observed, creates, patches, deletes, unchanged)));
  }

  static StudyGroupSpec spec(DiscordTarget discord) {
    Schedule schedule = new Schedule();
    schedule.setTimeZone("Europe/London");
    schedule.setFirstMeeting("2026-12-01T18:00");
    schedule.setDuration("90m");
    schedule.setEvery("1w");
    schedule.setCount(4);
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Algorithms");
    spec.setSchedule(schedule);
    spec.setMembers(new ArrayList<>(List.of(member("alice", "alice@example.com"), member("bob", "Bob@Example.com"),
        member("carol", null))));
    CalendarTarget calendar = new CalendarTarget();
    calendar.setCalendarId("group@example.com");
    spec.setCalendar(calendar);
    spec.setDiscord(discord);
    return spec;
  }

  static Member member(String id, String email) {
    Member m = new Member();
    m.setId(id);
    m.setEmail(email);
    return m;
  }

  static GroupContext group(StudyGroupSpec spec) throws InvalidSpecException {
    return new GroupContext(UID, "ns", "algorithms", 1, spec, ScheduleExpander.expand(spec.getSchedule()), NOW,
        null);
  }

  /** Events exactly as desired, with everyone having accepted. */
  static List<ObservedEvent> matching(List<DesiredEvent> desired) {
    List<ObservedEvent> out = new ArrayList<>();
    for (DesiredEvent d : desired) {
      Map<String, String> attendees = new LinkedHashMap<>();
      d.attendees().forEach(a -> attendees.put(a, "accepted"));
      out.add(new ObservedEvent(d.id(), Status.CONFIRMED, d.summary(), d.description(), d.start(), d.end(),
          d.timeZone(), attendees, UID));
    }
    return out;
  }

  /** The event with exactly these attendee entries (and the responses map they imply) and an etag. */
  private static ObservedEvent withPeople(ObservedEvent e, List<Attendee> people) {
    Map<String, String> responses = new LinkedHashMap<>();
    people.stream().filter(a -> !a.resource()).forEach(a -> responses.put(a.email(), a.responseStatus()));
    return new ObservedEvent(e.id(), e.status(), e.summary(), e.description(), e.start(), e.end(), e.timeZone(),
        responses, e.ownerUid(), "\"etag-1\"", people);
  }

  private static List<ObservedEvent> without(List<ObservedEvent> events, int meeting) {
    String id = EventDiff.eventId(UID, meeting);
    return events.stream().filter(e -> !e.id().equals(id)).toList();
  }

  private static List<ObservedEvent> replace(List<ObservedEvent> events, int meeting, UnaryOperator<ObservedEvent> f) {
    String id = EventDiff.eventId(UID, meeting);
    return events.stream().map(e -> e.id().equals(id) ? f.apply(e) : e).toList();
  }

  private static List<ObservedEvent> replaceAll(List<ObservedEvent> events, UnaryOperator<ObservedEvent> f) {
    return events.stream().map(f).toList();
  }

  private static List<ObservedEvent> plus(List<ObservedEvent> events, ObservedEvent extra) {
    List<ObservedEvent> out = new ArrayList<>(events);
    out.add(extra);
    return out;
  }

  private static ObservedEvent stray(String id, Instant end) {
    return new ObservedEvent(id, Status.CONFIRMED, "Algorithms · Meeting 9", "", end == null ? null : end.minusSeconds(3600),
        end, "Europe/London", Map.of(), UID);
  }

  private static ObservedEvent moved(ObservedEvent e, Duration by) {
    return new ObservedEvent(e.id(), e.status(), e.summary(), e.description(), e.start().plus(by), e.end().plus(by),
        e.timeZone(), e.attendees(), e.ownerUid());
  }

  private static ObservedEvent zoned(ObservedEvent e, String zone) {
    return new ObservedEvent(e.id(), e.status(), e.summary(), e.description(), e.start(), e.end(), zone,
        e.attendees(), e.ownerUid());
  }

  private static ObservedEvent titled(ObservedEvent e, String summary) {
    return new ObservedEvent(e.id(), e.status(), summary, e.description(), e.start(), e.end(), e.timeZone(),
        e.attendees(), e.ownerUid());
  }

  private static ObservedEvent described(ObservedEvent e, String description) {
    return new ObservedEvent(e.id(), e.status(), e.summary(), description, e.start(), e.end(), e.timeZone(),
        e.attendees(), e.ownerUid());
  }

  private static ObservedEvent withAttendees(ObservedEvent e, Map<String, String> attendees) {
    return new ObservedEvent(e.id(), e.status(), e.summary(), e.description(), e.start(), e.end(), e.timeZone(),
        attendees, e.ownerUid());
  }

  private static ObservedEvent withStatus(ObservedEvent e, Status status) {
    return new ObservedEvent(e.id(), status, e.summary(), e.description(), e.start(), e.end(), e.timeZone(),
        e.attendees(), e.ownerUid());
  }

  private static ObservedEvent owned(ObservedEvent e, String owner) {
    return new ObservedEvent(e.id(), e.status(), e.summary(), e.description(), e.start(), e.end(), e.timeZone(),
        e.attendees(), owner);
  }

  /** What a list with showDeleted returns for a deleted event: the id and the status, nothing else. */
  private static ObservedEvent cancelledBare(ObservedEvent e) {
    return new ObservedEvent(e.id(), Status.CANCELLED, null, null, null, null, null, Map.of(), null);
  }
}
