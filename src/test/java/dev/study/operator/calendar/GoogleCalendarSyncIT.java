package dev.study.operator.calendar;

import dev.study.operator.status.StatusAssembler;
import dev.study.operator.calendar.model.ObservedCalendar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FaultRule;
import dev.study.operator.testing.calendar.ManualTime;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Calendar system end to end through Google's real client, against the fake Calendar on 127.0.0.1. */
class GoogleCalendarSyncIT {
  private static final String CAL = "group3@group.calendar.google.com";
  private static final String UID = "5f0c2a8e-2f1b-4d6e-9a3c-7b8d9e0f1a2b";
  /** Meetings 1 and 2 of the weekly schedule are over. */
  private static final Instant NOW = Instant.parse("2026-12-09T12:00:00Z");
  /** The Workspace user the service account acts as. */
  private static final String ORGANIZER = "organizer@example.com";

  @TempDir
  Path dir;
  private FakeCalendar fake;
  private ServiceAccountKey key;
  private ManualTime time;
  private double jitter = 0.5;
  private CalendarSync sync;

  @BeforeEach
  void start() throws Exception {
    time = new ManualTime();
    // the fake's clock moves with the injected sleeper, so its quota window sees the operator's pacing
    fake = FakeCalendar.start(time.clock(NOW)).addCalendar(CAL);
    key = ServiceAccountKey.write(dir, fake.tokenUri());
    fake.trust(key);
    sync = new CalendarSync(adapter(settings()));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void newGroupGetsOneEventPerFutureMeetingWithTheMembersAsAttendees() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com", "bob@example.com"));

    SyncReport report = run(group);

    assertThat(report.synced()).as(report.message()).isTrue();
    List<Map<String, Object>> events = fake.liveEvents(CAL);
    assertThat(events).hasSize(8);
    assertThat(events).allSatisfy(e -> assertThat(emails(e)).containsExactlyInAnyOrder("alice@example.com", "bob@example.com"));
    assertThat(events).extracting(e -> e.get("id"))
        .containsExactlyInAnyOrderElementsOf(group.meetings().subList(2, 10).stream()
            .map(m -> EventDiff.eventId(UID, m.number())).toList());
    assertThat(events.get(0).get("summary")).isEqualTo("Algorithms · Meeting 3");
    assertThat(fake.count(FakeCalendar.INSERT)).isEqualTo(8);
    assertThat(fake.count(FakeCalendar.BATCH)).isEqualTo(1);
    assertThat(fake.httpRequests()).isEqualTo(2);
    StudyGroupStatus status = statusOf(group, report);
    assertThat(status.getCalendar().getCreated()).isEqualTo(8);
    assertThat(status.getCalendar().getUnchanged()).isEqualTo(2);
    assertThat(status.getCalendar().getMeetings()).isEqualTo(10);
    assertThat(status.getMeetings().get(4).getEventId()).isEqualTo(EventDiff.eventId(UID, 5));
  }

  @Test
  void oneMemberChangePatchesExactlyTheFutureEventsInFewBatchesKeepingResponses() throws Exception {
    GroupContext before = group(spec(100, "alice@example.com", "bob@example.com"));
    fake.putByHand(CAL, pastEvent(1, "alice@example.com", "bob@example.com"));
    assertThat(run(before).synced()).isTrue();
    String fifth = EventDiff.eventId(UID, 5);
    for (int n = 3; n <= 100; n++) {
      fake.respond(CAL, EventDiff.eventId(UID, n), "alice@example.com", "accepted");
    }
    fake.respond(CAL, fifth, "bob@example.com", "declined");
    fake.resetCounters();

    fake.quotaPerUser(600, 403, "rateLimitExceeded");
    time.advance(Duration.ofMinutes(1));

    // 98 patches are 294 units: more than one burst (100), so the sync stops and is retried when the budget allows
    GroupContext after = group(spec(100, "alice@example.com", "bob@example.com", "carol@example.com"));
    SyncReport report = run(after);
    int runs = 1;
    while (!report.synced() && runs < 10) {
      assertThat(report.reason()).as(report.message()).isEqualTo(CalendarReasons.RATE_LIMITED);
      time.advance(report.retryAfterHint().orElseThrow());
      after = group(spec(100, "alice@example.com", "bob@example.com", "carol@example.com"));
      report = run(after);
      runs++;
    }

    assertThat(report.synced()).as(report.message()).isTrue();
    int future = 98;
    assertThat(fake.count(FakeCalendar.PATCH)).as("each event patched once: what was written stayed written")
        .isEqualTo(future);
    assertThat(fake.count(FakeCalendar.BATCH)).as("batches of at most 33 patches (99 units)").isEqualTo(3);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(runs);
    assertThat(fake.count(FakeCalendar.QUOTA_REFUSED)).as("the operator stays under Google's quota").isZero();
    assertThat(time.sleeps()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    assertThat(fake.count(FakeCalendar.INSERT) + fake.count(FakeCalendar.DELETE)).isZero();
    assertThat(responses(fake.event(CAL, fifth).orElseThrow())).containsExactly(
        Map.entry("alice@example.com", "accepted"), Map.entry("bob@example.com", "declined"),
        Map.entry("carol@example.com", "needsAction"));
    assertThat(responses(fake.event(CAL, EventDiff.eventId(UID, 77)).orElseThrow()))
        .containsEntry("alice@example.com", "accepted").containsEntry("carol@example.com", "needsAction");
    assertThat(emails(fake.event(CAL, EventDiff.eventId(UID, 1)).orElseThrow()))
        .as("a past meeting is history").doesNotContain("carol@example.com");
    assertThat(statusOf(after, report).getCalendar().getPatched() + statusOf(after, report).getCalendar().getUnchanged())
        .isEqualTo(100);
    assertThat(statusOf(after, report).getCalendar().getFailed()).isZero();
  }

  @Test
  void scheduleChangeMovesEventsAndDeletesDroppedOnes() throws Exception {
    run(group(spec(10, "alice@example.com")));
    fake.resetCounters();
    StudyGroupSpec changed = spec(8, "alice@example.com");
    changed.getSchedule().setFirstMeeting("2026-12-01T19:00");

    SyncReport report = run(group(changed));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(6);
    assertThat(fake.count(FakeCalendar.DELETE)).isEqualTo(2);
    assertThat(fake.count(FakeCalendar.BATCH)).isEqualTo(1);
    Map<String, Object> third = fake.event(CAL, EventDiff.eventId(UID, 3)).orElseThrow();
    assertThat(dateTime(third, "start")).isEqualTo(Instant.parse("2026-12-15T19:00:00Z"));
    assertThat(dateTime(third, "end")).isEqualTo(Instant.parse("2026-12-15T20:30:00Z"));
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 9)).orElseThrow().get("status")).isEqualTo("cancelled");
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 10)).orElseThrow().get("status")).isEqualTo("cancelled");
    assertThat(fake.liveEvents(CAL)).hasSize(6);
    assertThat(statusOf(group(changed), report).getCalendar().getDeleted()).isEqualTo(2);
  }

  @Test
  void unchangedSyncMakesOneListRequestAndNoWrites() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com", "bob@example.com"));
    run(group);
    fake.resetCounters();

    SyncReport report = run(group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(report.synced()).isTrue();
    assertThat(fake.httpRequests()).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.BATCH) + fake.count(FakeCalendar.INSERT) + fake.count(FakeCalendar.PATCH)
        + fake.count(FakeCalendar.DELETE) + fake.count(FakeCalendar.GET)).isZero();
    assertThat(statusOf(group, report).getCalendar().getUnchanged()).isEqualTo(10);
  }

  @Test
  void eventEditedOrDeletedByHandIsRepairedAtTheNextSync() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    run(group);
    Meeting fourth = group.meetings().get(3);
    fake.moveByHand(CAL, EventDiff.eventId(UID, 4), fourth.start().plusSeconds(7200), fourth.end().plusSeconds(7200));
    fake.editByHand(CAL, EventDiff.eventId(UID, 5), "summary", "Pizza night");
    fake.respond(CAL, EventDiff.eventId(UID, 6), "alice@example.com", "accepted");
    fake.deleteByHand(CAL, EventDiff.eventId(UID, 6));
    fake.resetCounters();

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(3);
    assertThat(fake.count(FakeCalendar.INSERT)).as("a deleted event is restored, never re-inserted").isZero();
    assertThat(dateTime(fake.event(CAL, EventDiff.eventId(UID, 4)).orElseThrow(), "start")).isEqualTo(fourth.start());
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 5)).orElseThrow().get("summary")).isEqualTo("Algorithms · Meeting 5");
    assertThat(fake.event(CAL, EventDiff.eventId(UID, 6)).orElseThrow().get("status")).isEqualTo("confirmed");
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    fake.resetCounters();
    run(group(spec(10, "alice@example.com")));
    assertThat(fake.httpRequests()).as("repaired for good").isEqualTo(1);
  }

  @Test
  void insertWhoseReplyWasLostIsAdoptedWithoutDuplicate() throws Exception {
    fake.dropReplyAfterInsert(1);
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(group);

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.events(CAL)).hasSize(8);
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(fake.count(FakeCalendar.PATCH)).as("the adopted events were already right").isZero();
    // list, the batch whose reply was lost, the same batch again (8 x 409), one list to read what is taken
    assertThat(fake.count(FakeCalendar.BATCH)).isEqualTo(2);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(2);
    assertThat(fake.count(FakeCalendar.GET)).isZero();
    assertThat(fake.httpRequests()).isEqualTo(4);
    assertThat(statusOf(group, report).getCalendar().getCreated()).isEqualTo(8);
  }

  @Test
  void crashBetweenInsertAndStatusLeavesNoDuplicateAtTheNextSync() throws Exception {
    sync = new CalendarSync(adapter(settings().withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1))));
    fake.dropReplyAfterInsert(1);

    SyncReport crashed = run(group(spec(10, "alice@example.com")));
    assertThat(crashed.synced()).isFalse();
    assertThat(crashed.retryable()).isTrue();
    assertThat(crashed.reason()).isEqualTo(CalendarReasons.ERROR);
    fake.resetCounters();

    SyncReport next = run(group(spec(10, "alice@example.com")));

    assertThat(next.synced()).isTrue();
    assertThat(fake.count(FakeCalendar.INSERT)).isZero();
    assertThat(fake.events(CAL)).hasSize(8);
  }

  @Test
  void createThatHits409AdoptsTheExistingEventAndPatchesIt() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    Meeting third = group.meetings().get(2);
    fake.putByHand(CAL, Map.of("id", EventDiff.eventId(UID, 3), "summary", "Somebody's copy",
        "start", Map.of("dateTime", third.start().toString(), "timeZone", "Europe/London"),
        "end", Map.of("dateTime", third.end().toString(), "timeZone", "Europe/London"),
        "attendees", List.of(Map.of("email", "Alice@Example.com", "responseStatus", "accepted"))));

    SyncReport report = run(group);

    assertThat(report.synced()).as(report.message()).isTrue();
    Map<String, Object> adopted = fake.event(CAL, EventDiff.eventId(UID, 3)).orElseThrow();
    assertThat(adopted.get("summary")).isEqualTo("Algorithms · Meeting 3");
    assertThat(adopted.get("extendedProperties")).isEqualTo(Map.of("private", Map.of("studygroup-uid", UID)));
    assertThat(responses(adopted)).containsExactly(Map.entry("alice@example.com", "accepted"));
    assertThat(fake.count(FakeCalendar.GET)).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(1);
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(statusOf(group, report).getCalendar().getCreated()).isEqualTo(7);
    assertThat(statusOf(group, report).getCalendar().getPatched()).isEqualTo(1);
  }

  @Test
  void rateLimitsAreRetriedWithJitteredExponentialBackoff() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(403, "rateLimitExceeded", 2));
    fake.fault(FaultRule.onKind(FakeCalendar.INSERT).answer(429, 2));
    jitter = 0.25;

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(3);
    assertThat(fake.count(FakeCalendar.BATCH)).isEqualTo(2);
    assertThat(fake.count(FakeCalendar.INSERT)).isEqualTo(10);
    // full jitter: attempt n waits random * min(cap, base * 2^(n-1)); base 1 s, random 0.25
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(250));
  }

  @Test
  void rateLimitThatOutlastsTheRetriesIsReportedRetryable() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(429, 10));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
    assertThat(report.retryAfterHint()).isPresent();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(4);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void exhaustedBudgetStopsWithRateLimitedAndARetryAfterInsteadOfWaiting() throws Exception {
    // 30 units a minute, a burst of 6: the list takes 1; a batch of six inserts waits 2 s for its sixth unit; the
    // last two would need 4 s with 3 s of the 5 s allowance left, so they are deferred, not waited for
    sync = new CalendarSync(adapter(settings().withRequestsPerMinute(30)));

    SyncReport first = run(group(spec(10, "alice@example.com")));

    assertThat(first.synced()).isFalse();
    assertThat(first.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(first.retryable()).isTrue();
    assertThat(first.retryAfterHint()).contains(Duration.ofSeconds(4));
    assertThat(time.sleeps()).as("only short pacing waits, never the budget's whole debt")
        .containsExactly(Duration.ofSeconds(2));
    assertThat(fake.liveEvents(CAL)).as("what was written stays written").hasSize(6);

    time.advance(first.retryAfterHint().orElseThrow());
    SyncReport second = run(group(spec(10, "alice@example.com")));

    assertThat(second.synced()).as(second.message()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(fake.count(FakeCalendar.INSERT)).as("nothing sent twice").isEqualTo(8);
    assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void patchesAreWeighedThreeUnitsByTheBudgetAndByTheFake() throws Exception {
    run(group(spec(10, "alice@example.com")));
    time.advance(Duration.ofMinutes(1));
    int before = fake.unitsSpent(ORGANIZER);
    // 60 units a minute, burst 12: list 1, then batches of 4 patches (12 units)
    sync = new CalendarSync(adapter(settings().withRequestsPerMinute(60)));
    fake.resetCounters();
    time.forget();

    SyncReport report = run(group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(fake.unitsSpent(ORGANIZER) - before).as("a list and four patches").isEqualTo(1 + 4 * 3);
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(4);
    // 11 units left after the list, the first batch needs 12: one unit is 1 s; the second needs 12 s
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryAfterHint()).contains(Duration.ofSeconds(12));
  }

  @Test
  void fakeRefusesCallsBeyondTheUsersQuotaAsGoogleDoes() throws Exception {
    fake.quotaPerUser(20, 403, "userRateLimitExceeded");
    sync = new CalendarSync(adapter(settings().withRequestsPerMinute(6000)));
    run(group(spec(10, "alice@example.com")));

    SyncReport report = run(group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(fake.count(FakeCalendar.QUOTA_REFUSED)).isPositive();
    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
  }

  @Test
  void dailyLimitIsRateLimitedWithALongRetryAfterAndNotRetriedNow() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(403, "dailyLimitExceeded", 5));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
    assertThat(report.retryAfterHint()).contains(Duration.ofHours(1));
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void serverErrorRetriesInsideTheReconcileStopWithinTheWaitAllowance() throws Exception {
    sync = new CalendarSync(adapter(settings().withRetries(10, Duration.ofSeconds(1), Duration.ofSeconds(32))));
    jitter = 1.0;
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(503, 100));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.ERROR);
    assertThat(report.retryable()).isTrue();
    // 1 s and 2 s fit the 5 s allowance, 4 s more would not: the reconciler's backoff takes over from 8 s
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(report.retryAfterHint()).contains(Duration.ofSeconds(8));
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(3);
  }

  @Test
  void serverErrorsAreRetriedAndThenReportedRetryable() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(500, 1));
    assertThat(run(group(spec(10, "alice@example.com"))).synced()).isTrue();

    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(503, 10));
    SyncReport report = run(group(spec(10, "alice@example.com")));
    assertThat(report.reason()).isEqualTo(CalendarReasons.ERROR);
    assertThat(report.retryable()).isTrue();
  }

  @Test
  void slowAnswersOnlyDelayTheSync() throws Exception {
    fake.slowAnswers(Duration.ofMillis(300), 2);
    GroupContext group = group(spec(10, "alice@example.com"));

    CompletableFuture<SyncReport> running = CompletableFuture.supplyAsync(() -> run(group));

    await().atMost(Duration.ofSeconds(20)).until(running::isDone);
    assertThat(running.get().synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(time.sleeps()).as("a slow answer is not a failure: nothing was retried").isEmpty();
  }

  @Test
  void missingCalendarIsCalendarNotFound() throws Exception {
    StudyGroupSpec spec = spec(10, "alice@example.com");
    spec.getCalendar().setCalendarId("nobody@group.calendar.google.com");

    SyncReport report = run(group(spec));

    assertThat(report.reason()).isEqualTo(CalendarReasons.NOT_FOUND);
    assertThat(report.retryable()).isFalse();
    assertThat(report.message()).contains("nobody@group.calendar.google.com");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void calendarWithoutWriteAccessIsCalendarForbidden() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(403, "requiredAccessLevel", 1));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(report.retryable()).isFalse();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
  }

  @Test
  void credentialsTheTokenEndpointRefusesAreCalendarUnauthorized() throws Exception {
    ServiceAccountKey stranger = ServiceAccountKey.write(dir, fake.tokenUri());
    sync = new CalendarSync(adapter(CalendarSettings.of(stranger.file()).withRootUrl(fake.rootUrl())));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.UNAUTHORIZED);
    assertThat(report.retryable()).isFalse();
    assertThat(fake.count(FakeCalendar.TOKEN)).isPositive();
    assertThat(fake.count(FakeCalendar.LIST)).isZero();
  }

  @Test
  void oneFailedWriteLeavesTheRestAppliedAndReportsPartial() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.INSERT).answer(403, "forbidden", 1));
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(group);

    assertThat(report.synced()).isFalse();
    assertThat(report.retryable()).isTrue();
    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(fake.liveEvents(CAL)).hasSize(7);
    StudyGroupStatus status = statusOf(group, report);
    assertThat(status.getCalendar().getFailed()).isEqualTo(1);
    assertThat(status.getCalendar().getCreated()).isEqualTo(7);
    assertThat(status.getMeetings().get(2).getEventId()).as("meeting 3's create failed").isNull();
    assertThat(run(group(spec(10, "alice@example.com"))).synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
  }

  @Test
  void listsEveryPageAndSharesWhatItSawWithTheRsvpSync() throws Exception {
    fake.pageSize(3);
    SyncReport created = run(group(spec(10, "alice@example.com")));
    // the hand-off is Google's answers to the writes, not a guess: exactly what a list now returns
    assertThat(((SystemCounts.Calendar) created.counts()).events().events())
        .containsExactlyInAnyOrderElementsOf(adapter(settings()).list(CAL, UID));
    fake.respond(CAL, EventDiff.eventId(UID, 3), "alice@example.com", "accepted");
    fake.resetCounters();
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(group);

    assertThat(report.synced()).isTrue();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(3);
    ObservedCalendar shared = ((SystemCounts.Calendar) report.counts()).events();
    assertThat(shared.events()).hasSize(8);
    assertThat(shared.events()).filteredOn(e -> e.id().equals(EventDiff.eventId(UID, 3)))
        .singleElement().satisfies(e -> assertThat(e.attendees()).containsEntry("alice@example.com", "accepted"));
  }

  @Test
  void cleanupDeletesTheGroupsEventsPastOnesIncluded() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com"));
    fake.putByHand(CAL, pastEvent(1, "alice@example.com"));
    run(group);
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
    run(group);
    String fifth = EventDiff.eventId(UID, 5);
    // Google answers 410 or 404 for an event deleted between the list and the delete
    fake.fault(FaultRule.onPath("/events/" + fifth + "$").answer(410, "deleted", 1));
    fake.fault(FaultRule.onPath("/events/" + EventDiff.eventId(UID, 6) + "$").answer(404, 1));

    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.liveEvents(CAL)).extracting(e -> e.get("id"))
        .containsExactlyInAnyOrder(fifth, EventDiff.eventId(UID, 6));
  }

  @Test
  void impersonationAsksForTheNarrowScopeOnBehalfOfTheUser() throws Exception {
    run(group(spec(10, "alice@example.com")));

    assertThat(fake.tokenClaims()).isNotEmpty().allSatisfy(claims -> {
      assertThat(claims.get("scope")).isEqualTo("https://www.googleapis.com/auth/calendar.events");
      assertThat(claims.get("sub")).isEqualTo("organizer@example.com");
      assertThat(claims.get("iss")).isEqualTo(key.clientEmail());
    });
  }

  @Test
  void privateKeyNeverAppearsInLogsOrReports() throws Exception {
    try (CapturedLogs logs = CapturedLogs.everything()) {
      List<String> messages = new ArrayList<>();
      fake.fault(FaultRule.onKind(FakeCalendar.INSERT).answer(500, 1));
      messages.add(run(group(spec(10, "alice@example.com"))).message());
      fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(429, 10));
      messages.add(run(group(spec(10, "alice@example.com"))).message());
      ServiceAccountKey stranger = ServiceAccountKey.write(dir, fake.tokenUri());
      sync = new CalendarSync(adapter(CalendarSettings.of(stranger.file()).withRootUrl(fake.rootUrl())));
      messages.add(run(group(spec(10, "alice@example.com"))).message());

      assertThat(logs.text()).as("the capture works").contains("calendar");
      for (ServiceAccountKey k : List.of(key, stranger)) {
        String secret = k.privateKeyBody();
        for (int i = 0; i + 40 <= secret.length(); i += 40) {
          String piece = secret.substring(i, i + 40);
          assertThat(logs.text()).doesNotContain(piece);
          assertThat(String.join("\n", messages)).doesNotContain(piece);
        }
      }
    }
  }

  @Test
  void serviceAccountWithoutDelegationIsCalendarForbiddenWithTheDelegationHint() throws Exception {
    sync = new CalendarSync(adapter(settings().withImpersonateUser(null)));

    SyncReport report = run(group(spec(10, "alice@example.com")));

    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(report.message()).contains("forbiddenForServiceAccounts").contains("GOOGLE_IMPERSONATE_USER");
    assertThat(fake.liveEvents(CAL)).isEmpty();
    assertThat(time.sleeps()).as("a refusal is not retried").isEmpty();

    // the rule is about attendees: a group without members' emails is written by the service account itself
    assertThat(run(group(spec(10))).synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
  }

  @Test
  void responseGivenBetweenListAndPatchSurvives() throws Exception {
    run(group(spec(10, "alice@example.com", "bob@example.com")));
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
    run(group(spec(10, "alice@example.com")));
    String fourth = EventDiff.eventId(UID, 4);
    fake.respond(CAL, fourth, "alice@example.com", "tentative");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "comment", "might be late");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "displayName", "Alice A.");
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "optional", true);
    fake.editAttendeeByHand(CAL, fourth, "alice@example.com", "additionalGuests", 1);

    assertThat(run(group(spec(10, "alice@example.com", "bob@example.com"))).synced()).isTrue();

    Map<String, Object> alice = attendee(fake.event(CAL, fourth).orElseThrow(), "alice@example.com");
    assertThat(alice).containsEntry("responseStatus", "tentative").containsEntry("comment", "might be late")
        .containsEntry("displayName", "Alice A.").containsEntry("optional", true).containsEntry("additionalGuests", 1);
  }

  @Test
  void organizerOnTheAttendeeListIsNeitherPatchedAwayNorAReasonToPatch() throws Exception {
    run(group(spec(10, "alice@example.com")));
    String fourth = EventDiff.eventId(UID, 4);
    fake.addAttendeeByHand(CAL, fourth, Map.of("email", ORGANIZER, "organizer", true, "self", true,
        "responseStatus", "accepted"));
    fake.addAttendeeByHand(CAL, fourth, Map.of("email", "room-1@resource.calendar.google.com", "resource", true,
        "responseStatus", "accepted"));
    fake.resetCounters();

    assertThat(run(group(spec(10, "alice@example.com"))).synced()).isTrue();
    assertThat(fake.count(FakeCalendar.PATCH)).isZero();

    assertThat(run(group(spec(10, "alice@example.com", "bob@example.com"))).synced()).isTrue();
    assertThat(emails(fake.event(CAL, fourth).orElseThrow())).containsExactly("alice@example.com",
        "bob@example.com", ORGANIZER, "room-1@resource.calendar.google.com");
  }

  @Test
  void cleanupOfACalendarTheGroupLeftCancelsOnlyItsFutureEvents() throws Exception {
    String other = "other@group.calendar.google.com";
    fake.addCalendar(other);
    StudyGroupSpec old = spec(10, "alice@example.com");
    old.getCalendar().setSendUpdates(SendUpdates.all);
    fake.putByHand(CAL, pastEvent(1, "alice@example.com"));
    run(group(old));
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
    run(group(old));
    fake.resetCounters();
    StudyGroupSpec removed = spec(10, "alice@example.com");
    removed.setCalendar(null);

    sync.cleanup(group(removed), Set.of(CAL));

    assertThat(fake.liveEvents(CAL)).extracting(e -> e.get("id")).containsExactly(EventDiff.eventId(UID, 1));
    assertThat(fake.sendUpdates()).hasSize(8).containsOnly("none");
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  /** Domain-wide delegation: without it Google refuses every event with attendees. */
  private CalendarSettings settings() {
    return CalendarSettings.of(key.file()).withRootUrl(fake.rootUrl()).withImpersonateUser(ORGANIZER)
        .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  private GoogleCalendarApi adapter(CalendarSettings settings) {
    return new GoogleCalendarApi(settings, () -> jitter, time, time::nanoTime);
  }

  /** What the reconciler's runner does: observe, plan, apply; a SyncException becomes a failed report. */
  private SyncReport run(GroupContext group) {
    try {
      return sync.apply(group, sync.plan(group, sync.observe(group)));
    } catch (SyncException e) {
      return SyncReport.failed(e);
    }
  }

  static StudyGroupSpec spec(int meetings, String... emails) {
    Schedule schedule = new Schedule();
    schedule.setTimeZone("Europe/London");
    schedule.setFirstMeeting("2026-12-01T18:00");
    schedule.setDuration("90m");
    schedule.setEvery("1w");
    schedule.setCount(meetings);
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Algorithms");
    spec.setSchedule(schedule);
    List<Member> members = new ArrayList<>();
    for (String email : emails) {
      Member m = new Member();
      m.setId(email.substring(0, email.indexOf('@')));
      m.setEmail(email);
      members.add(m);
    }
    spec.setMembers(members);
    CalendarTarget calendar = new CalendarTarget();
    calendar.setCalendarId(CAL);
    spec.setCalendar(calendar);
    return spec;
  }

  static GroupContext group(StudyGroupSpec spec) throws Exception {
    List<Meeting> meetings = ScheduleExpander.expand(spec.getSchedule());
    return new GroupContext(UID, "study", "algorithms", 1, spec, meetings, NOW, null);
  }

  private static StudyGroupStatus statusOf(GroupContext group, SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    List<MeetingStatus> meetings = new ArrayList<>();
    for (Meeting m : group.meetings()) {
      MeetingStatus s = new MeetingStatus();
      s.setNumber(m.number());
      meetings.add(s);
    }
    status.setMeetings(meetings);
    StatusAssembler.writeCounts(status, report.counts());
    return status;
  }


  /** An event of a meeting that is over, as an earlier sync would have left it. */
  private static Map<String, Object> pastEvent(int number, String... emails) throws Exception {
    Meeting m = ScheduleExpander.expand(spec(10).getSchedule()).get(number - 1);
    List<Map<String, Object>> attendees = new ArrayList<>();
    for (String email : emails) {
      attendees.add(Map.of("email", email, "responseStatus", "accepted"));
    }
    return Map.of("id", EventDiff.eventId(UID, number), "summary", EventDiff.summary("Algorithms", number),
        "start", Map.of("dateTime", m.start().toString(), "timeZone", "Europe/London"),
        "end", Map.of("dateTime", m.end().toString(), "timeZone", "Europe/London"),
        "attendees", attendees,
        "extendedProperties", Map.of("private", Map.of(EventDiff.OWNER_PROPERTY, UID)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> responses(Map<String, Object> event) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map<String, Object> a : (List<Map<String, Object>>) event.getOrDefault("attendees", List.of())) {
      out.put((String) a.get("email"), (String) a.get("responseStatus"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Instant dateTime(Map<String, Object> event, String field) {
    return java.time.OffsetDateTime.parse((String) ((Map<String, Object>) event.get(field)).get("dateTime")).toInstant();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> attendee(Map<String, Object> event, String email) {
    for (Map<String, Object> a : (List<Map<String, Object>>) event.getOrDefault("attendees", List.of())) {
      if (email.equals(a.get("email"))) {
        return a;
      }
    }
    throw new AssertionError("no attendee " + email);
  }

  @SuppressWarnings("unchecked")
  private static List<String> emails(Map<String, Object> event) {
    List<Map<String, Object>> attendees = (List<Map<String, Object>>) event.getOrDefault("attendees", List.of());
    return attendees.stream().map(a -> (String) a.get("email")).toList();
  }
}
