package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.reconcile.SharedObservations;
import dev.study.operator.reconcile.SyncException;
import dev.study.operator.reconcile.SyncReport;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ManualTime;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @TempDir
  Path dir;
  private FakeCalendar fake;
  private ServiceAccountKey key;
  private ManualTime time;
  private double jitter = 0.5;
  private CalendarSync sync;

  @BeforeEach
  void start() throws Exception {
    fake = FakeCalendar.start(Clock.fixed(NOW, ZoneOffset.UTC)).addCalendar(CAL);
    key = ServiceAccountKey.write(dir, fake.tokenUri());
    fake.trust(key);
    time = new ManualTime();
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

  // ---- helpers -----------------------------------------------------------------------------------------------

  private CalendarSettings settings() {
    return CalendarSettings.of(key.file()).withRootUrl(fake.rootUrl())
        .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  private GoogleCalendarEvents adapter(CalendarSettings settings) {
    return new GoogleCalendarEvents(settings, () -> jitter, time, time::nanoTime);
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
    return new GroupContext(UID, "study", "algorithms", 1, spec, meetings, NOW, new SharedObservations());
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
    report.contribution().writeTo(status);
    return status;
  }

  @SuppressWarnings("unchecked")
  private static List<String> emails(Map<String, Object> event) {
    List<Map<String, Object>> attendees = (List<Map<String, Object>>) event.getOrDefault("attendees", List.of());
    return attendees.stream().map(a -> (String) a.get("email")).toList();
  }
}
