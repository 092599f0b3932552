package dev.study.operator.calendar;

import static dev.study.operator.calendar.CalendarWorld.CAL;
import static dev.study.operator.calendar.CalendarWorld.NOW;
import static dev.study.operator.calendar.CalendarWorld.ORGANIZER;
import static dev.study.operator.calendar.CalendarWorld.UID;
import static dev.study.operator.calendar.CalendarWorld.dateTime;
import static dev.study.operator.calendar.CalendarWorld.emails;
import static dev.study.operator.calendar.CalendarWorld.group;
import static dev.study.operator.calendar.CalendarWorld.pastEvent;
import static dev.study.operator.calendar.CalendarWorld.responses;
import static dev.study.operator.calendar.CalendarWorld.run;
import static dev.study.operator.calendar.CalendarWorld.spec;
import static dev.study.operator.calendar.CalendarWorld.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.FaultRule;
import dev.study.operator.testing.calendar.ManualTime;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Calendar system end to end through Google's real client, against the fake Calendar on 127.0.0.1: what a sync
 * writes and how many requests it takes, lost replies and 409s, retries of rate limits and server errors, and no
 * secret in logs.
 */
class GoogleCalendarSyncIT {
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
  void newGroupGetsOneEventPerFutureMeetingWithTheMembersAsAttendees() throws Exception {
    GroupContext group = group(spec(10, "alice@example.com", "bob@example.com"));

    SyncReport report = run(sync, group);

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
    assertThat(run(sync, before).synced()).isTrue();
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
    SyncReport report = run(sync, after);
    int runs = 1;
    while (!report.synced() && runs < 10) {
      assertThat(report.reason()).as(report.message()).isEqualTo(CalendarReasons.RATE_LIMITED);
      time.advance(report.retryAfterHint().orElseThrow());
      after = group(spec(100, "alice@example.com", "bob@example.com", "carol@example.com"));
      report = run(sync, after);
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
    run(sync, group(spec(10, "alice@example.com")));
    fake.resetCounters();
    StudyGroupSpec changed = spec(8, "alice@example.com");
    changed.getSchedule().setFirstMeeting("2026-12-01T19:00");

    SyncReport report = run(sync, group(changed));

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
    run(sync, group);
    fake.resetCounters();

    SyncReport report = run(sync, group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(report.synced()).isTrue();
    assertThat(fake.httpRequests()).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(fake.count(FakeCalendar.BATCH) + fake.count(FakeCalendar.INSERT) + fake.count(FakeCalendar.PATCH)
        + fake.count(FakeCalendar.DELETE) + fake.count(FakeCalendar.GET)).isZero();
    assertThat(statusOf(group, report).getCalendar().getUnchanged()).isEqualTo(10);
  }

  @Test
  void insertWhoseReplyWasLostIsAdoptedWithoutDuplicate() throws Exception {
    fake.dropReplyAfterInsert(1);
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(sync, group);

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
    sync = new CalendarSync(calendar.adapter(calendar.settings().withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1))));
    fake.dropReplyAfterInsert(1);

    SyncReport crashed = run(sync, group(spec(10, "alice@example.com")));
    assertThat(crashed.synced()).isFalse();
    assertThat(crashed.retryable()).isTrue();
    assertThat(crashed.reason()).isEqualTo(CalendarReasons.ERROR);
    fake.resetCounters();

    SyncReport next = run(sync, group(spec(10, "alice@example.com")));

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

    SyncReport report = run(sync, group);

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
    calendar.jitter(0.25);

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

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

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
    assertThat(report.retryAfterHint()).isPresent();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(4);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void dailyLimitIsRateLimitedWithALongRetryAfterAndNotRetriedNow() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(403, "dailyLimitExceeded", 5));

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
    assertThat(report.retryAfterHint()).contains(Duration.ofHours(1));
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void serverErrorRetriesInsideTheReconcileStopWithinTheWaitAllowance() throws Exception {
    sync = new CalendarSync(calendar.adapter(calendar.settings().withRetries(10, Duration.ofSeconds(1), Duration.ofSeconds(32))));
    calendar.jitter(1.0);
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(503, 100));

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

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
    assertThat(run(sync, group(spec(10, "alice@example.com"))).synced()).isTrue();

    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(503, 10));
    SyncReport report = run(sync, group(spec(10, "alice@example.com")));
    assertThat(report.reason()).isEqualTo(CalendarReasons.ERROR);
    assertThat(report.retryable()).isTrue();
  }

  @Test
  void slowAnswersOnlyDelayTheSync() throws Exception {
    fake.slowAnswers(Duration.ofMillis(300), 2);
    GroupContext group = group(spec(10, "alice@example.com"));

    CompletableFuture<SyncReport> running = CompletableFuture.supplyAsync(() -> run(sync, group));

    await().atMost(Duration.ofSeconds(20)).until(running::isDone);
    assertThat(running.get().synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(time.sleeps()).as("a slow answer is not a failure: nothing was retried").isEmpty();
  }

  @Test
  void privateKeyNeverAppearsInLogsOrReports() throws Exception {
    try (CapturedLogs logs = CapturedLogs.everything()) {
      List<String> messages = new ArrayList<>();
      fake.fault(FaultRule.onKind(FakeCalendar.INSERT).answer(500, 1));
      messages.add(run(sync, group(spec(10, "alice@example.com"))).message());
      fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(429, 10));
      messages.add(run(sync, group(spec(10, "alice@example.com"))).message());
      ServiceAccountKey stranger = calendar.untrustedKey();
      sync = new CalendarSync(calendar.adapter(CalendarSettings.of(stranger.file()).withRootUrl(fake.rootUrl())));
      messages.add(run(sync, group(spec(10, "alice@example.com"))).message());

      assertThat(logs.text()).as("the capture works").contains("calendar");
      for (ServiceAccountKey k : List.of(calendar.key(), stranger)) {
        String secret = k.privateKeyBody();
        for (int i = 0; i + 40 <= secret.length(); i += 40) {
          String piece = secret.substring(i, i + 40);
          assertThat(logs.text()).doesNotContain(piece);
          assertThat(String.join("\n", messages)).doesNotContain(piece);
        }
      }
    }
  }
}
