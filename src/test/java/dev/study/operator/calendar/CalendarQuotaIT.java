package dev.study.operator.calendar;

import static dev.study.operator.calendar.CalendarWorld.CAL;
import static dev.study.operator.calendar.CalendarWorld.NOW;
import static dev.study.operator.calendar.CalendarWorld.ORGANIZER;
import static dev.study.operator.calendar.CalendarWorld.group;
import static dev.study.operator.calendar.CalendarWorld.run;
import static dev.study.operator.calendar.CalendarWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calendar and Google's per-user quota: the client-side budget weighs each call as Google does and stops with
 * RateLimited and a retry-after instead of waiting, and the fake refuses calls beyond the quota as Google does.
 */
class CalendarQuotaIT {
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
  void exhaustedBudgetStopsWithRateLimitedAndARetryAfterInsteadOfWaiting() throws Exception {
    // 6 units in any minute, grants of at most 3: the list takes 1 and a batch of three inserts 3; the next batch
    // fits only when the list leaves the window, a minute (and the two seconds of slack) on, far past the 5 s allowance: it is deferred
    sync = new CalendarSync(calendar.adapter(calendar.settings().withRequestsPerMinute(6)));

    SyncReport first = run(sync, group(spec(10, "alice@example.com")));

    assertThat(first.synced()).isFalse();
    assertThat(first.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(first.retryable()).isTrue();
    assertThat(first.outcome()).as("waiting for our own quota is no failure").isEqualTo(SyncReport.Outcome.DEFERRED);
    assertThat(first.retryAfterHint()).contains(Duration.ofSeconds(62));
    assertThat(time.sleeps()).as("never a wait for the quota's whole window").isEmpty();
    assertThat(fake.liveEvents(CAL)).as("what was written stays written").hasSize(3);

    time.advance(first.retryAfterHint().orElseThrow());
    SyncReport second = run(sync, group(spec(10, "alice@example.com")));

    assertThat(second.synced()).as(second.message()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
    assertThat(fake.count(FakeCalendar.INSERT)).as("nothing sent twice").isEqualTo(8);
    assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void patchesAreWeighedThreeUnitsByTheBudgetAndByTheFake() throws Exception {
    run(sync, group(spec(10, "alice@example.com")));
    time.advance(Duration.ofMinutes(1));
    int before = fake.unitsSpent(ORGANIZER);
    // 15 units in any minute, grants of at most 3: list 1, then batches of one patch (3 units)
    sync = new CalendarSync(calendar.adapter(calendar.settings().withRequestsPerMinute(15)));
    fake.resetCounters();
    time.forget();

    SyncReport report = run(sync, group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(fake.unitsSpent(ORGANIZER) - before).as("a list and four patches").isEqualTo(1 + 4 * 3);
    assertThat(fake.count(FakeCalendar.PATCH)).isEqualTo(4);
    // 13 units spent at once; the fifth patch fits only when the list leaves the window, 62 s on
    assertThat(time.sleeps()).isEmpty();
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryAfterHint()).contains(Duration.ofSeconds(62));
  }

  @Test
  void fakeRefusesCallsBeyondTheUsersQuotaAsGoogleDoes() throws Exception {
    fake.quotaPerUser(20, 403, "userRateLimitExceeded");
    sync = new CalendarSync(calendar.adapter(calendar.settings().withRequestsPerMinute(6000)));
    run(sync, group(spec(10, "alice@example.com")));

    SyncReport report = run(sync, group(spec(10, "alice@example.com", "bob@example.com")));

    assertThat(fake.count(FakeCalendar.QUOTA_REFUSED)).isPositive();
    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.RATE_LIMITED);
    assertThat(report.retryable()).isTrue();
  }
}
