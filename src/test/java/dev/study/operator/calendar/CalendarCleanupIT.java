package dev.study.operator.calendar;

import static dev.study.operator.calendar.CalendarWorld.CAL;
import static dev.study.operator.calendar.CalendarWorld.NOW;
import static dev.study.operator.calendar.CalendarWorld.ORGANIZER;
import static dev.study.operator.calendar.CalendarWorld.UID;
import static dev.study.operator.calendar.CalendarWorld.group;
import static dev.study.operator.calendar.CalendarWorld.pastEvent;
import static dev.study.operator.calendar.CalendarWorld.run;
import static dev.study.operator.calendar.CalendarWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.SendUpdates;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.FaultRule;
import dev.study.operator.testing.calendar.ManualTime;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Calendar cleanup: a deleted group, a calendar the group left, and a calendar section removed. */
class CalendarCleanupIT {
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
  void cleanupDeletesTheGroupsEventsPastOnesIncluded() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    fake.putByHand(CAL, pastEvent(1, "alice@example.com"));
    run(sync, group);
    fake.deleteByHand(CAL, EventDiff.eventId(UID, 4));
    fake.resetCounters();

    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.liveEvents(CAL)).isEmpty();
    assertThat(fake.events(CAL)).hasSize(9);
    assertThat(fake.count(FakeCalendar.DELETE)).as("the one deleted by hand is not deleted again").isEqualTo(8);
    assertThat(fake.count(FakeCalendar.BATCH)).isEqualTo(1);
  }

  @Test
  void cleanupTakesAnEventAlreadyGoneForDeleted() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    run(sync, group);
    String fifth = EventDiff.eventId(UID, 5);
    // Google answers 410 or 404 for an event deleted between the list and the delete
    fake.fault(FaultRule.onPath("/events/" + fifth + "$").answer(410, "deleted", 1));
    fake.fault(FaultRule.onPath("/events/" + EventDiff.eventId(UID, 6) + "$").answer(404, 1));

    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.liveEvents(CAL)).extracting(e -> e.get("id"))
        .containsExactlyInAnyOrder(fifth, EventDiff.eventId(UID, 6));
  }

  @Test
  void cleanupOfACalendarTheGroupLeftCancelsOnlyItsFutureEvents() throws Exception {
    String other = "other@group.calendar.google.com";
    fake.addCalendar(other);
    StudyGroupSpec old = spec(10, "alice@example.com");
    old.getCalendar().setSendUpdates(SendUpdates.all);
    fake.putByHand(CAL, pastEvent(1, "alice@example.com"));
    run(sync, group(old));
    fake.resetCounters();
    StudyGroupSpec moved = spec(10, "alice@example.com");
    moved.getCalendar().setCalendarId(other);

    sync.cleanup(group(moved), Set.of(CAL));

    assertThat(fake.liveEvents(CAL)).extracting(e -> e.get("id"))
        .as("meeting 1 is history; meeting 2 ended before now too but was never written")
        .containsExactly(EventDiff.eventId(UID, 1));
    assertThat(fake.count(FakeCalendar.DELETE)).isEqualTo(8);
    assertThat(fake.liveEvents(other)).isEmpty();
  }

  @Test
  void cleanupAfterTheCalendarSectionIsRemovedNotifiesNobody() throws Exception {
    StudyGroupSpec old = spec(10, "alice@example.com");
    old.getCalendar().setSendUpdates(SendUpdates.all);
    fake.putByHand(CAL, pastEvent(1, "alice@example.com"));
    run(sync, group(old));
    fake.resetCounters();
    StudyGroupSpec removed = spec(10, "alice@example.com");
    removed.setCalendar(null);

    sync.cleanup(group(removed), Set.of(CAL));

    assertThat(fake.liveEvents(CAL)).extracting(e -> e.get("id")).containsExactly(EventDiff.eventId(UID, 1));
    assertThat(fake.sendUpdates()).hasSize(8).containsOnly("none");
  }
}
