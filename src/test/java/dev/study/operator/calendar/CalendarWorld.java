package dev.study.operator.calendar;

import dev.study.operator.testing.SystemRuns;
import dev.study.operator.status.StatusAssembler;
import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.schedule.ScheduleExpander;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Calendar ITs share: one weekly group on one calendar, running a sync, and reading the fake's events. */
final class CalendarWorld {
  static final String CAL = "group3@group.calendar.google.com";
  static final String UID = "5f0c2a8e-2f1b-4d6e-9a3c-7b8d9e0f1a2b";
  /** Meetings 1 and 2 of the weekly schedule are over. */
  static final Instant NOW = Instant.parse("2026-12-09T12:00:00Z");
  /** The Workspace user the service account acts as. */
  static final String ORGANIZER = "organizer@example.com";

  private CalendarWorld() {}

  /** What the reconciler's runner does: observe, plan, apply; a SyncException becomes a failed report. */
  static SyncReport run(CalendarSync sync, GroupContext group) {
    try {
      return SystemRuns.apply(sync, group);
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

  static StudyGroupStatus statusOf(GroupContext group, SyncReport report) {
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
  static Map<String, Object> pastEvent(int number, String... emails) throws Exception {
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
  static Map<String, String> responses(Map<String, Object> event) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> a : (List<Map<String, Object>>) event.getOrDefault("attendees", List.of())) {
      out.put((String) a.get("email"), (String) a.get("responseStatus"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Instant dateTime(Map<String, Object> event, String field) {
    return OffsetDateTime.parse((String) ((Map<String, Object>) event.get(field)).get("dateTime")).toInstant();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> attendee(Map<String, Object> event, String email) {
    for (Map<String, Object> a : (List<Map<String, Object>>) event.getOrDefault("attendees", List.of())) {
      if (email.equals(a.get("email"))) {
        return a;
      }
    }
    throw new AssertionError("no attendee " + email);
  }

  @SuppressWarnings("unchecked")
  static List<String> emails(Map<String, Object> event) {
    List<Map<String, Object>> attendees = (List<Map<String, Object>>) event.getOrDefault("attendees", List.of());
    return attendees.stream().map(a -> (String) a.get("email")).toList();
  }
}
