package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.calendar.model.Attendee;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObservedCalendarTest {
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");

  private static DesiredEvent desired(String id, String... emails) {
    return new DesiredEvent(1, id, "G · Meeting 1", null, START, START.plusSeconds(5400), "Europe/London",
        List.of(emails));
  }

  private static ObservedEvent seen(String id, Map<String, String> attendees) {
    return new ObservedEvent(id, ObservedEvent.Status.CONFIRMED, "old", null, START, START.plusSeconds(5400),
        "Europe/London", attendees, "uid");
  }

  @Test
  void createdEventsAppearWithEveryAttendeeYetToAnswer() {
    CalendarPlan plan = new CalendarPlan(List.of(desired("e1", "a@x.org", "b@x.org")), List.of(), List.of(), 0, 1,
        Map.of(1, "e1"), List.of());

    ObservedCalendar after = EventsAfterWrites.afterWrites(new ObservedCalendar("cal", List.of()), plan, Set.of(), "uid");

    assertThat(after.events()).singleElement().satisfies(e -> {
      assertThat(e.attendees()).containsExactly(Map.entry("a@x.org", "needsAction"), Map.entry("b@x.org", "needsAction"));
      assertThat(e.ownerUid()).isEqualTo("uid");
      assertThat(e.cancelled()).isFalse();
    });
  }

  @Test
  void patchedEventsKeepTheResponsesThePatchCarriesAndDeletedOnesAreCancelled() {
    ObservedCalendar before = new ObservedCalendar("cal", List.of(
        seen("e1", Map.of("a@x.org", "accepted")), seen("e2", Map.of("a@x.org", "declined"))));
    EventPatch patch = new EventPatch(desired("e1", "a@x.org", "c@x.org"),
        List.of(new Attendee("a@x.org", "accepted"), new Attendee("c@x.org", "needsAction")),
        Set.of(EventPatch.Change.ATTENDEES));
    CalendarPlan plan = new CalendarPlan(List.of(), List.of(patch), List.of("e2"), 0, 1, Map.of(1, "e1"), before.events());

    ObservedCalendar after = EventsAfterWrites.afterWrites(before, plan, Set.of(), "uid");

    assertThat(after.events().get(0).attendees()).containsEntry("a@x.org", "accepted").containsEntry("c@x.org", "needsAction");
    assertThat(after.events().get(1).cancelled()).isTrue();
  }

  @Test
  void eventsWhoseWriteFailedOrWasAdoptedStayAsObserved() {
    ObservedCalendar before = new ObservedCalendar("cal", List.of(seen("e1", Map.of("a@x.org", "accepted"))));
    EventPatch patch = new EventPatch(desired("e1", "a@x.org"), List.of(new Attendee("a@x.org", "accepted")),
        Set.of(EventPatch.Change.SUMMARY));
    CalendarPlan plan = new CalendarPlan(List.of(desired("e9", "a@x.org")), List.of(patch), List.of(), 0, 2,
        Map.of(1, "e1", 2, "e9"), before.events());

    ObservedCalendar after = EventsAfterWrites.afterWrites(before, plan, Set.of("e1", "e9"), "uid");

    assertThat(after.events()).containsExactlyElementsOf(before.events());
  }
}
