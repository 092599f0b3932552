package dev.study.operator.calendar;

import static dev.study.operator.calendar.CalendarWorld.CAL;
import static dev.study.operator.calendar.CalendarWorld.NOW;
import static dev.study.operator.calendar.CalendarWorld.ORGANIZER;
import static dev.study.operator.calendar.CalendarWorld.emails;
import static dev.study.operator.calendar.CalendarWorld.group;
import static dev.study.operator.calendar.CalendarWorld.run;
import static dev.study.operator.calendar.CalendarWorld.spec;
import static dev.study.operator.calendar.CalendarWorld.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.FakeCalendarExtension;
import dev.study.operator.testing.calendar.FaultRule;
import dev.study.operator.testing.calendar.ManualTime;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calendar access: a missing calendar, no write access, refused credentials, delegation and its scope, and one
 * refused write among many.
 */
class CalendarAccessIT {
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
  void missingCalendarIsCalendarNotFound() throws Exception {
    StudyGroupSpec spec = spec(10, "alice@example.com");
    spec.getCalendar().setCalendarId("nobody@group.calendar.google.com");

    SyncReport report = run(sync, group(spec));

    assertThat(report.reason()).isEqualTo(CalendarReasons.NOT_FOUND);
    assertThat(report.retryable()).isFalse();
    assertThat(report.message()).contains("nobody@group.calendar.google.com");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void calendarWithoutWriteAccessIsCalendarForbidden() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.LIST).answer(403, "requiredAccessLevel", 1));

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(report.retryable()).isFalse();
    assertThat(fake.count(FakeCalendar.LIST)).isEqualTo(1);
  }

  @Test
  void credentialsTheTokenEndpointRefusesAreCalendarUnauthorized() throws Exception {
    ServiceAccountKey stranger = calendar.untrustedKey();
    sync = new CalendarSync(calendar.adapter(CalendarSettings.of(stranger.file()).withRootUrl(fake.rootUrl())));

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.reason()).isEqualTo(CalendarReasons.UNAUTHORIZED);
    assertThat(report.retryable()).isFalse();
    assertThat(fake.count(FakeCalendar.TOKEN)).isPositive();
    assertThat(fake.count(FakeCalendar.LIST)).isZero();
  }

  @Test
  void oneFailedWriteLeavesTheRestAppliedAndReportsPartial() throws Exception {
    fake.fault(FaultRule.onKind(FakeCalendar.INSERT).answer(403, "forbidden", 1));
    GroupContext group = group(spec(10, "alice@example.com"));

    SyncReport report = run(sync, group);

    assertThat(report.synced()).isFalse();
    assertThat(report.retryable()).isTrue();
    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(fake.liveEvents(CAL)).hasSize(7);
    StudyGroupStatus status = statusOf(group, report);
    assertThat(status.getCalendar().getFailed()).isEqualTo(1);
    assertThat(status.getCalendar().getCreated()).isEqualTo(7);
    assertThat(status.getMeetings().get(2).getEventId()).as("meeting 3's create failed").isNull();
    assertThat(run(sync, group(spec(10, "alice@example.com"))).synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
  }

  @Test
  void impersonationAsksForTheNarrowScopeOnBehalfOfTheUser() throws Exception {
    run(sync, group(spec(10, "alice@example.com")));

    assertThat(fake.tokenClaims()).isNotEmpty().allSatisfy(claims -> {
      assertThat(claims.get("scope")).isEqualTo("https://www.googleapis.com/auth/calendar.events");
      assertThat(claims.get("sub")).isEqualTo("organizer@example.com");
      assertThat(claims.get("iss")).isEqualTo(calendar.key().clientEmail());
    });
  }

  @Test
  void serviceAccountWithoutDelegationIsCalendarForbiddenWithTheDelegationHint() throws Exception {
    sync = new CalendarSync(calendar.adapter(calendar.settings().withImpersonateUser(null)));

    SyncReport report = run(sync, group(spec(10, "alice@example.com")));

    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(CalendarReasons.FORBIDDEN);
    assertThat(report.message()).contains("forbiddenForServiceAccounts").contains("GOOGLE_IMPERSONATE_USER");
    assertThat(fake.liveEvents(CAL)).isEmpty();
    assertThat(time.sleeps()).as("a refusal is not retried").isEmpty();

    // the rule is about attendees: a group without members' emails is written by the service account itself
    assertThat(run(sync, group(spec(10))).synced()).isTrue();
    assertThat(fake.liveEvents(CAL)).hasSize(8);
  }
}
