package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.calendar.model.Attendee;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.calendar.model.ObservedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventsAsAnsweredTest {
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");

  private static DesiredEvent desired(String id, String... emails) {
    return new DesiredEvent(1, id, "G · Meeting 1", null, START, START.plusSeconds(5400), "Europe/London",
        List.of(emails));
  }

  private static ObservedEvent seen(String id, Map<String, String> attendees) {
    return new ObservedEvent(id, ObservedEvent.Status.CONFIRMED, "old", null, START, START.plusSeconds(5400),
        "Europe/London", attendees, "uid");
  }

  /** What Google answers for a write: the event as it now holds it, with its new etag. */
  private static ObservedEvent answer(String id, Map<String, String> attendees) {
    return new ObservedEvent(id, ObservedEvent.Status.CONFIRMED, "G · Meeting 1", null, START,
        START.plusSeconds(5400), "Europe/London", attendees, "uid", "\"7\"", null);
  }

  private static EventWrite.Insert insert(String id, String... emails) {
    return new EventWrite.Insert(desired(id, emails), "uid");
  }

  private static EventWrite.Patch patch(String id, String... emails) {
    List<Attendee> attendees = List.of(emails).stream().map(e -> new Attendee(e, "needsAction")).toList();
    return new EventWrite.Patch(new EventPatch(desired(id, emails), attendees, Set.of(EventPatch.Change.ATTENDEES)),
        "uid");
  }

  @Test
  void createdEventsAppearAsGoogleAnsweredTheInsert() {
    EventsAsAnswered events = new EventsAsAnswered(new ObservedCalendar("cal", List.of()));
    ObservedEvent created = answer("e1", Map.of("a@x.org", "needsAction", "b@x.org", "needsAction"));

    events.record(WriteResult.done(insert("e1", "a@x.org", "b@x.org"), created));

    assertThat(events.calendar().calendarId()).isEqualTo("cal");
    assertThat(events.calendar().events()).containsExactly(created);
  }

  @Test
  void patchedEventsAreReplacedByGooglesAnswerAndDeletedOnesAreCancelled() {
    ObservedCalendar before = new ObservedCalendar("cal", List.of(
        seen("e1", Map.of("a@x.org", "accepted")), seen("e2", Map.of("a@x.org", "declined")),
        seen("e3", Map.of("a@x.org", "declined"))));
    EventsAsAnswered events = new EventsAsAnswered(before);
    ObservedEvent patched = answer("e1", Map.of("a@x.org", "accepted", "c@x.org", "needsAction"));

    events.record(WriteResult.done(patch("e1", "a@x.org", "c@x.org"), patched));
    events.record(WriteResult.done(new EventWrite.Delete("e2"), null));
    events.record(WriteResult.gone(new EventWrite.Delete("e3")));

    List<ObservedEvent> after = events.calendar().events();
    assertThat(after).extracting(ObservedEvent::id).containsExactly("e1", "e2", "e3");
    assertThat(after.get(0)).isEqualTo(patched);
    assertThat(after.get(0).attendees()).containsEntry("a@x.org", "accepted").containsEntry("c@x.org", "needsAction");
    assertThat(after.get(1).cancelled()).isTrue();
    assertThat(after.get(1).attendees()).as("a deleted event is listed with little but its id").isEmpty();
    assertThat(after.get(2).cancelled()).as("already deleted by hand").isTrue();
  }

  @Test
  void eventsWhoseWriteFailedOrWasDeferredStayAsObserved() {
    ObservedCalendar before = new ObservedCalendar("cal", List.of(seen("e1", Map.of("a@x.org", "accepted"))));
    EventsAsAnswered events = new EventsAsAnswered(before);

    events.record(WriteResult.failed(patch("e1", "a@x.org"), CalendarReasons.FORBIDDEN, "patch event e1: HTTP 403"));
    events.record(WriteResult.deferred(insert("e9", "a@x.org"), Duration.ofSeconds(4)));
    events.record(WriteResult.failed(new EventWrite.Delete("e1"), CalendarReasons.ERROR, "delete event e1: HTTP 500"));

    assertThat(events.calendar().events()).containsExactlyElementsOf(before.events());
  }

  @Test
  void conflictsLeaveTheEventToTheAnswerOfTheirFollowUp() {
    ObservedCalendar before = new ObservedCalendar("cal", List.of(seen("e1", Map.of("a@x.org", "accepted"))));
    EventsAsAnswered events = new EventsAsAnswered(before);
    ObservedEvent readAfter409 = answer("e9", Map.of("a@x.org", "tentative"));

    events.record(WriteResult.exists(insert("e9", "a@x.org")));
    events.record(WriteResult.conflict(patch("e1", "a@x.org"), null, "patch event e1: HTTP 412"));
    assertThat(events.calendar().events()).containsExactlyElementsOf(before.events());

    events.record(WriteResult.done(insert("e9", "a@x.org"), readAfter409));
    assertThat(events.calendar().events()).containsExactly(before.events().get(0), readAfter409);
  }
}
