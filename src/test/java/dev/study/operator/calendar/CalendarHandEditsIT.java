package dev.study.operator.calendar;

import dev.study.operator.sync.SystemCounts;
import dev.study.operator.calendar.model.ObservedCalendar;
import static dev.study.operator.calendar.CalendarWorld.CAL;
import static dev.study.operator.calendar.CalendarWorld.NOW;
import static dev.study.operator.calendar.CalendarWorld.ORGANIZER;
import static dev.study.operator.calendar.CalendarWorld.UID;
import static dev.study.operator.calendar.CalendarWorld.attendee;
import static dev.study.operator.calendar.CalendarWorld.dateTime;
import static dev.study.operator.calendar.CalendarWorld.emails;
import static dev.study.operator.calendar.CalendarWorld.group;
import static dev.study.operator.calendar.CalendarWorld.responses;
import static dev.study.operator.calendar.CalendarWorld.run;
import static dev.study.operator.calendar.CalendarWorld.spec;
import static dev.study.operator.calendar.CalendarWorld.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.ManualTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calendar and people: events edited in the Calendar UI are repaired, attendees' own answers and fields survive
 * the operator's patches, and what a sync lists is shared with the RSVP sync.
 */
class CalendarHandEditsIT {
  @RegisterExtension
  final FakeCalendarExtension calendar = FakeCalendarExtension.withCalendar(CAL).at(NOW).impersonating(ORGANIZER);
  private FakeCalendar fake;
  private ManualTime time;
  private CalendarSync sync;

  @BeforeEach
  void start() {
    fake = calendar.fake();
    time = calendar.time();
    sync = new CalendarSync(calendar.adapter());
  }

  @Test
  void eventEditedOrDeletedByHandIsRepairedAtTheNextSync() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    run(sync, group);
    Meeting fourth = group.meetings().get(3);
    fake.moveByHand(CAL, EventDiff.eventId(UID, 4), fourth.start().plusSeconds(7200), fourth.end().plusSeconds(7200));
    fake.editByHand(CAL, EventDiff.eventId(UID, 5), "summary", "Pizza night");
    fake.respond(CAL, EventDiff.eventId(UID, 6), "alice@example.com", "accepted");
    fake.deleteByHand(CAL, EventDiff.eventId(UID, 6));
    fake.resetCounters();

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(3);
    assertThat(fake.count(FakeCalendar.INSERT)).as("a deleted event is restored, never re-inserted").isZero();
    assertThat(dateTime(fake.event(CAL, EventDiff.eventId(UID, 4)).orElseThrow(), "start")).isEqualTo(fourth.start());
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 5)).orElseThrow().get("summary")).isEqualTo("Algorithms · Meeting 5");
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 6)).orElseThrow().get("status")).isEqualTo("confirmed");
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    fake.resetCounters();
    run(sync, group(spec(10, "alice@example.com")));
    assertThat(fake.httpRequests()).as("repaired for good").isEqualTo(1);
  }

  @Test
  void responseGivenBetweenListAndPatchSurvives() throws Exception {
    run(sync, group(spec(10, "alice@example.com", "bob@example.com")));
    String fifth = EventDiff.eventId(UID, 5);
    fake.resetCounters();
    GroupContext after = group(spec(10, "alice@example.com", "bob@example.com", "carol@example.com"));

    CalendarPlan plan = sync.plan(after, sync.observe(after));
    fake.respond(CAL, fifth, "bob@example.com", "accepted");
    SyncReport report = sync.apply(after, plan);

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(responses(fake.event(CAL, fifth).orElseThrow())).containsExactly(
        Map.entry("alice@example.com", "needsAction"), Map.entry("bob@example.com", "accepted"),
        Map.entry("carol@example.com", "needsAction"));
    assertThat(fake.count(FakeCalendar.GET)).as("the one refused with 412 is read again").isEqualTo(1);
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(8 + 1);
    assertThat(statusOf(after, report).getCalendar().getPatched()).isEqualTo(8);
  }

  @Test
  void patchKeepsTheAttendeeFieldsTheOperatorDoesNotOwn() throws Exception {
    run(sync, group(spec(10, "alice@example.com")));
    String fourth = EventDiff.eventId(UID, 4);
    fake.respond(CAL, fourth, "alice@example.com", "tentative");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "comment", "might be late");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "displayName", "Alice A.");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "optional", true);
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "additionalGuests", 1);

    assertThat(run(sync, group(spec(10, "alice@example.com", "bob@example.com"))).synced()).isTrue();

    Map<String, Object> alice = attendee(fake.event(CAL, fourth).orElseThrow(), "alice@example.com");
    assertThat(alice).containsEntry("responseStatus", "tentative").containsEntry("comment", "might be late")
        .containsEntry("displayName", "Alice A.").containsEntry("optional", true).containsEntry("additionalGuests", 1);
  }

  @Test
  void organizerOnTheAttendeeListIsNeitherPatchedAwayNorAReasonToPatch() throws Exception {
    run(sync, group(spec(10, "alice@example.com")));
    String fourth = EventDiff.eventId(UID, 4);
    fake.addAttendeeByHand(CAL, fourth, Map.of("email", ORGANIZER, "organizer", true, "self", true,
        "responseStatus", "accepted"));
    fake.addAttendeeByHand(CAL, fourth, Map.of("email", "room-1@resource.calendar.google.com", "resource", true,
        "responseStatus", "accepted"));
    fake.resetCounters();

    assertThat(run(sync, group(spec(10, "alice@example.com"))).synced()).isTrue();
    assertThat(fake.count(FakeCalendar.PATCH)).isZero();

    assertThat(run(sync, group(spec(10, "alice@example.com", "bob@example.com"))).synced()).isTrue();
    assertThat(emails(fake.event(CAL, fourth).orElseThrow())).containsExactly("alice@example.com",
        "bob@example.com", ORGANIZER, "room-1@resource.calendar.google.com");
  }

  @Test
  void listsEveryPageAndSharesWhatItSawWithTheRsvpSync() throws Exception {
    fake.pageSize(3);
    SyncReport created = run(sync, group(spec(10, "alice@example.com")));
    // the hand-off is Google's answers to the writes, not a guess: exactly what a list now returns
    assertThat(((SystemCounts.Calendar) created.counts()).events().events())
        .containsExactlyInAnyOrderElementsOf(calendar.adapter().list(CAL, UID));
    fake.respond(CAL, EventDiff.eventId(UID, 3), "alice@example.com", "accepted");
    fake.resetCounters();
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(sync, group);

    assertThat(report.synced()).isTrue();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(3);
    ObservedCalendar shared = ((SystemCounts.Calendar) report.counts()).events();
    assertThat(shared.events()).hasSize(8);
    assertThat(shared.events()).filteredOn(e -> e.id().equals(EventDiff.eventId(UID, 3)))
        .singleElement().satisfies(e -> assertThat(e.attendees()).containsEntry("alice@example.com", "accepted"));
  }
}
