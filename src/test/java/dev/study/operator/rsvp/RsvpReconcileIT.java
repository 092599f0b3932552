package dev.study.operator.rsvp;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.calendar.CalendarSettings;
import dev.study.operator.calendar.CalendarSync;
import dev.study.operator.calendar.EventDiff;
import dev.study.operator.calendar.GoogleCalendarApi;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SystemSync;
import dev.study.operator.store.Database;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FaultRule;
import dev.study.operator.testing.calendar.ManualTime;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RSVPs through the operator: the reconciler runs Calendar then RSVPs, and status and conditions follow. */
class RsvpReconcileIT {
  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

  @TempDir
  Path dir;
  private FakeCalendar fake;
  private JdbiRsvpStore store;
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    fake = FakeCalendar.start(Clock.fixed(NOW, ZoneOffset.UTC)).addCalendar(StudyGroups.CALENDAR);
    ServiceAccountKey key = ServiceAccountKey.write(dir, fake.tokenUri());
    fake.trust(key);
    ManualTime time = new ManualTime();
    CalendarSettings settings = CalendarSettings.of(key.file()).withRootUrl(fake.rootUrl()).withImpersonateUser("organizer@example.org")
        .withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1));
    Database db = TestPostgres.freshDatabase();
    store = new JdbiRsvpStore(db);
    List<SystemSync<?, ?>> systems = List.of(
        new CalendarSync(new GoogleCalendarApi(settings, () -> 0.5, time, time::nanoTime)), new RsvpSync(store));
    harness = OperatorHarness.start(systems, new MutableClock(NOW));
  }

  @AfterEach
  void stop() {
    harness.close();
    fake.close();
  }

  @Test
  void recordsResponsesKeepsThemWhileCalendarFailsAndDropsThemOnDelete() throws Exception {
    StudyGroup created = harness.create(calendarOnly("alice", "bob"));
    String uid = created.getMetadata().getUid();

    StudyGroup synced = harness.awaitGroup("course", "g1", hasCondition("RsvpsSynced", "True", Reasons.SYNCED)
        .and(g -> g.getStatus().getRsvps() != null && g.getStatus().getRsvps().getRecorded() == 8));
    assertThat(synced.getStatus().getRsvps().getNeedsAction()).isEqualTo(8);
    assertThat(store.forGroup(uid)).hasSize(8);

    fake.respond(StudyGroups.CALENDAR, EventDiff.eventId(uid, 2), "alice@example.org", "accepted");
    harness.awaitGroup("course", "g1", g -> g.getStatus().getRsvps().getAccepted() == 1);
    assertThat(store.forGroup(uid)).contains(new Rsvp(2, "alice", RsvpResponse.accepted));

    FaultRule outage = FaultRule.onKind(FakeCalendar.LIST).answer(404, "notFound", 2);
    fake.fault(outage);
    StudyGroup failing = harness.awaitGroup("course", "g1",
        hasCondition("RsvpsSynced", "False", RsvpSync.CALENDAR_UNAVAILABLE));
    assertThat(OperatorHarness.condition(failing, "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(store.forGroup(uid)).hasSize(8).contains(new Rsvp(2, "alice", RsvpResponse.accepted));

    harness.clock().advance(Duration.ofMinutes(5)); // past both systems' retry times
    Awaitility.await().atMost(OperatorHarness.WAIT).until(() -> outage.remaining() == 0);
    harness.clock().advance(Duration.ofMinutes(5));
    harness.awaitGroup("course", "g1", hasCondition("RsvpsSynced", "True", Reasons.SYNCED));

    harness.delete("course", "g1");
    Awaitility.await().atMost(OperatorHarness.WAIT).until(() -> harness.get("course", "g1") == null);
    assertThat(store.forGroup(uid)).isEmpty();
  }

  private static StudyGroup calendarOnly(String... members) {
    StudyGroup group = StudyGroups.group("course", "g1", members);
    group.getSpec().setDiscord(null);
    group.getSpec().setReminders(new ArrayList<>());
    return group;
  }
}
