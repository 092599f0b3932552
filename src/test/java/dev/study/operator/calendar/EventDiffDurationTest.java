package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.calendar.EventPatch.Change;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.ObservedEvent.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A changed meeting length (schedule.duration, an override's duration, or an end edited by hand) moves only the
 * event's end; a start edited by hand moves only its start. Either must be patched back, or Google keeps the wrong
 * time for good.
 */
class EventDiffDurationTest {
  private static final String UID = "0b6c9a2e-5d1f-4c3a-9e7b-1f2d3c4b5a69";
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");
  private static final Instant NOW = Instant.parse("2027-01-01T09:00:00Z");

  private static DesiredEvent want(Instant start, Instant end) {
    return new DesiredEvent(1, EventDiff.eventId(UID, 1), "Algorithms · Meeting 1", "Study group Algorithms, meeting 1.",
        start, end, "Europe/London", List.of("alice@example.com"));
  }

  private static ObservedEvent seen(DesiredEvent d, Instant start, Instant end) {
    return new ObservedEvent(d.id(), Status.CONFIRMED, d.summary(), d.description(), start, end, d.timeZone(),
        Map.of("alice@example.com", "accepted"), UID);
  }

  @Test
  void aLongerMeetingPatchesTheEventsTime() {
    DesiredEvent want = want(START, START.plus(Duration.ofHours(2)));
    ObservedEvent seen = seen(want, START, START.plus(Duration.ofMinutes(90)));

    assertThat(EventDiff.patchFor(UID, want, seen)).hasValueSatisfying(p -> {
      assertThat(p.changes()).containsExactly(Change.TIME);
      assertThat(p.desired().end()).isEqualTo(START.plus(Duration.ofHours(2)));
    });
  }

  @Test
  void aStartEditedByHandWithTheEndUnchangedIsPutBack() {
    DesiredEvent want = want(START, START.plus(Duration.ofMinutes(90)));
    ObservedEvent seen = seen(want, START.minus(Duration.ofMinutes(30)), START.plus(Duration.ofMinutes(90)));

    assertThat(EventDiff.patchFor(UID, want, seen)).hasValueSatisfying(p ->
        assertThat(p.changes()).containsExactly(Change.TIME));
  }

  @Test
  void aChangedDurationIsPlannedAsAPatchOfThatEvent() {
    DesiredEvent want = want(START, START.plus(Duration.ofHours(2)));
    CalendarPlan plan = EventDiff.plan(UID, List.of(want), List.of(seen(want, START, START.plus(Duration.ofMinutes(90)))),
        NOW);

    assertThat(plan.creates()).isEmpty();
    assertThat(plan.patches()).singleElement().satisfies(p -> assertThat(p.changes()).containsExactly(Change.TIME));
  }

  @Test
  void theSameTimesNeedNoPatch() {
    DesiredEvent want = want(START, START.plus(Duration.ofMinutes(90)));
    assertThat(EventDiff.patchFor(UID, want, seen(want, START, START.plus(Duration.ofMinutes(90))))).isEmpty();
  }
}
