package dev.study.operator.rsvp;

import dev.study.operator.testing.SystemRuns;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.status.StatusAssembler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.calendar.CalendarSync;
import dev.study.operator.calendar.EventDiff;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemSync;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.store.Database;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RSVPs end to end: Calendar through Google's real client against the fake Calendar, then RSVPs into a real
 * PostgreSQL, as the reconciler runs them: RSVPs read the events Calendar hands on.
 */
class RsvpSyncIT {
  private static final String CAL = "group3@group.calendar.google.com";
  private static final String UID = "6a1d3b9f-3c2e-4e7f-8b4d-8c9e0f1a2b3c";
  private static final Instant NOW = Instant.parse("2026-12-09T12:00:00Z");

  @RegisterExtension
  final FakeCalendarExtension calendarFake = FakeCalendarExtension.withCalendar(CAL).at(NOW).clockFixed()
      .impersonating("organizer@example.org").retries(2, Duration.ofSeconds(1), Duration.ofSeconds(2));
  private FakeCalendar fake;
  private CalendarSync calendar;
  private Database db;
  private JdbiRsvpStore store;
  private RsvpSync rsvps;

  /** The reports and the RSVP plan of one reconcile. */
  private record Reconcile(SyncReport calendar, SyncReport rsvps, RsvpPlan plan) {}

  @BeforeEach
  void start() {
    fake = calendarFake.fake();
    calendar = new CalendarSync(calendarFake.adapter());
    db = TestPostgres.freshDatabase();
    store = new JdbiRsvpStore(db);
    rsvps = new RsvpSync(store);
  }

  @Test
  void recordsEveryMembersResponseInTheReconcileThatCreatesTheEvents() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    Reconcile first = reconcile(spec);

    assertThat(first.rsvps().synced()).as(first.rsvps().message()).isTrue();
    assertThat(responses()).containsOnlyKeys("1/alice", "1/bob", "2/alice", "2/bob", "3/alice", "3/bob")
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(RsvpResponse.needsAction));
    assertThat(counts(first.rsvps())).isEqualTo(new RsvpStatusCounts(6, 0, 0, 0, 0, 6));

    String before = lastWrite();
    Reconcile second = reconcile(spec);
    assertThat(second.plan().isEmpty()).as("what Calendar wrote is what it then lists").isTrue();
    assertThat(lastWrite()).isEqualTo(before);
  }

  @Test
  void anAddedMembersRowsAppearInTheReconcileThatInvitesThemKeepingTheOthersResponses() throws Exception {
    reconcile(spec("alice", "bob"));
    fake.respond(CAL, EventDiff.eventId(UID, 2), "alice@example.org", "accepted");

    Reconcile added = reconcile(spec("alice", "bob", "carol"));

    assertThat(responses()).containsEntry("2/alice", RsvpResponse.accepted)
        .containsEntry("1/carol", RsvpResponse.needsAction).containsEntry("3/carol", RsvpResponse.needsAction);
    assertThat(counts(added.rsvps()).recorded()).isEqualTo(9);
  }

  @Test
  void responsesChangedInCalendarAppearAtTheNextSync() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    reconcile(spec);
    reconcile(spec);
    fake.respond(CAL, EventDiff.eventId(UID, 1), "alice@example.org", "accepted");
    fake.respond(CAL, EventDiff.eventId(UID, 2), "bob@example.org", "declined");
    fake.respond(CAL, EventDiff.eventId(UID, 3), "alice@example.org", "tentative");

    Reconcile next = reconcile(spec);

    assertThat(next.plan().upserts()).hasSize(3);
    assertThat(responses()).containsEntry("1/alice", RsvpResponse.accepted)
        .containsEntry("2/bob", RsvpResponse.declined).containsEntry("3/alice", RsvpResponse.tentative)
        .containsEntry("1/bob", RsvpResponse.needsAction);
    assertThat(counts(next.rsvps())).isEqualTo(new RsvpStatusCounts(6, 0, 1, 1, 1, 3));
  }

  @Test
  void aRemovedMembersRowsGo() throws Exception {
    reconcile(spec("alice", "bob", "carol"));
    reconcile(spec("alice", "bob", "carol"));
    assertThat(responses()).hasSize(9);

    Reconcile next = reconcile(spec("alice", "bob"));

    assertThat(responses()).hasSize(6).doesNotContainKeys("1/carol", "2/carol", "3/carol");
    assertThat(counts(next.rsvps()).removed()).isEqualTo(3);
    assertThat(counts(next.rsvps()).recorded()).isEqualTo(6);
  }

  @Test
  void anUnchangedGroupMakesNoWrites() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    reconcile(spec);
    reconcile(spec);
    fake.respond(CAL, EventDiff.eventId(UID, 2), "bob@example.org", "accepted");
    reconcile(spec);
    String before = lastWrite();

    Reconcile again = reconcile(spec);

    assertThat(again.plan().isEmpty()).as(again.plan().summary()).isTrue();
    assertThat(lastWrite()).isEqualTo(before);
    assertThat(store.apply(UID, again.plan())).isZero();
  }

  @Test
  void keepsTheRowsAndSaysCalendarUnavailableWhenCalendarFails() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    reconcile(spec);
    fake.respond(CAL, EventDiff.eventId(UID, 1), "alice@example.org", "accepted");
    reconcile(spec);
    Map<String, RsvpResponse> before = responses();
    String lastWrite = lastWrite();
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(404, "notFound", 1));

    Reconcile failed = reconcile(spec("alice"));

    assertThat(failed.calendar().synced()).isFalse();
    assertThat(failed.rsvps().synced()).isFalse();
    assertThat(failed.rsvps().reason()).isEqualTo(RsvpSync.CALENDAR_UNAVAILABLE);
    assertThat(failed.rsvps().retryable()).isTrue();
    assertThat(responses()).isEqualTo(before).containsKey("1/bob");
    assertThat(lastWrite()).isEqualTo(lastWrite);
  }

  @Test
  void failsWithCalendarUnavailableWhenNoCalendarRanInThisReconcile() throws Exception {
    StudyGroupSpec spec = spec("alice");
    reconcile(spec);
    reconcile(spec);
    GroupContext group = group(spec("bob"));

    SyncReport report = run(rsvps, group);

    assertThat(report.reason()).isEqualTo(RsvpSync.CALENDAR_UNAVAILABLE);
    assertThat(report.retryable()).isTrue();
    assertThat(responses()).containsOnlyKeys("1/alice", "2/alice", "3/alice");
  }

  @Test
  void bothSystemsTogetherListTheCalendarExactlyOncePerReconcile() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    fake.resetCounters();
    reconcile(spec);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);

    fake.resetCounters();
    reconcile(spec);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(fake.httpRequests()).as("an unchanged group costs one Calendar read").isEqualTo(1);

    fake.respond(CAL, EventDiff.eventId(UID, 1), "bob@example.org", "declined");
    fake.resetCounters();
    reconcile(spec("alice", "bob", "carol"));
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.GET)).isZero();
  }

  @Test
  void cleanupDeletesTheGroupsRowsOnly() throws Exception {
    StudyGroupSpec spec = spec("alice", "bob");
    reconcile(spec);
    reconcile(spec);
    db.jdbi().useHandle(h -> h.execute("INSERT INTO rsvp (group_uid, meeting_number, member_id, response)"
        + " VALUES ('another-group', 1, 'zoe', 'accepted')"));

    rsvps.cleanup(group(spec), rsvps.targets(spec));

    assertThat(store.forGroup(UID)).isEmpty();
    assertThat(store.forGroup("another-group")).hasSize(1);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  /** Calendar, then RSVPs, on one GroupContext, as the reconciler runs them. */
  private Reconcile reconcile(StudyGroupSpec spec) throws Exception {
    GroupContext group = group(spec);
    ObservedCalendar seen = null;
    SyncReport calendarReport;
    try {
      seen = calendar.observe(group);
      calendarReport = calendar.apply(group, calendar.plan(group, seen));
    } catch (SyncException e) {
      calendarReport = SyncReport.failed(e);
    }
    // the hand-off: the events as Calendar's writes left them, else as it read them
    ObservedCalendar handed = calendarReport.counts() instanceof SystemCounts.Calendar c ? c.events() : seen;
    group = group.withCalendarEvents(handed);
    RsvpPlan plan = null;
    SyncReport rsvpReport;
    try {
      ObservedRsvps observed = rsvps.observe(group);
      plan = rsvps.plan(group, observed);
      rsvpReport = rsvps.apply(group, plan);
    } catch (SyncException e) {
      rsvpReport = SyncReport.failed(e);
    }
    return new Reconcile(calendarReport, rsvpReport, plan);
  }

  private static <O, P extends dev.study.operator.sync.Plan> SyncReport run(SystemSync<O, P> system,
      GroupContext group) {
    try {
      return SystemRuns.apply(system, group);
    } catch (SyncException e) {
      return SyncReport.failed(e);
    }
  }

  private Map<String, RsvpResponse> responses() throws SyncException {
    return store.forGroup(UID).stream()
        .collect(Collectors.toMap(r -> r.meetingNumber() + "/" + r.memberId(), Rsvp::response));
  }

  private String lastWrite() {
    return db.jdbi().withHandle(h -> h.createQuery(
        "SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM rsvp").mapTo(String.class).one());
  }

  record RsvpStatusCounts(int recorded, int removed, int accepted, int declined, int tentative, int needsAction) {}

  private static RsvpStatusCounts counts(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    var r = status.getRsvps();
    return new RsvpStatusCounts(r.getRecorded(), r.getRemoved(), r.getAccepted(), r.getDeclined(), r.getTentative(),
        r.getNeedsAction());
  }

  private static StudyGroupSpec spec(String... ids) {
    Schedule schedule = new Schedule();
    schedule.setTimeZone("Europe/London");
    schedule.setFirstMeeting("2026-12-15T18:00");
    schedule.setDuration("90m");
    schedule.setEvery("1w");
    schedule.setCount(3);
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Algorithms");
    spec.setSchedule(schedule);
    List<Member> members = new ArrayList<>();
    for (String id : ids) {
      Member m = new Member();
      m.setId(id);
      m.setEmail(id + "@example.org");
      members.add(m);
    }
    spec.setMembers(members);
    CalendarTarget target = new CalendarTarget();
    target.setCalendarId(CAL);
    spec.setCalendar(target);
    return spec;
  }

  private static GroupContext group(StudyGroupSpec spec) throws Exception {
    return new GroupContext(UID, "study", "algorithms", 1, spec, ScheduleExpander.expand(spec.getSchedule()), NOW,
        null);
  }
}
