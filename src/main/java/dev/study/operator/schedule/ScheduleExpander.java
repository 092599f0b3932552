package dev.study.operator.schedule;

import dev.study.operator.api.MeetingOverride;
import dev.study.operator.api.Schedule;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns spec.schedule into meetings. Pure. Meetings repeat in local time, so an 18:00 meeting stays at 18:00
 * across a DST change; a local time that falls into a DST gap moves forward by the gap, and one that falls
 * into an overlap takes the earlier offset (java.time's rules).
 */
public final class ScheduleExpander {
  private ScheduleExpander() {}

  public static List<Meeting> expand(Schedule schedule) throws InvalidSpecException {
    ZoneId zone = zone(schedule.getTimeZone());
    LocalDateTime first = localDateTime("spec.schedule.firstMeeting", schedule.getFirstMeeting());
    Duration length = duration("spec.schedule.duration", schedule.getDuration());
    int everyDays = intervalDays(schedule.getEvery());
    int count = schedule.getCount() == null ? 0 : schedule.getCount();
    if (count < 1) {
      throw new InvalidSpecException("spec.schedule.count", "must be at least 1");
    }
    Set<Integer> skipped = new HashSet<>(schedule.getSkip() == null ? List.of() : schedule.getSkip());
    Map<Integer, MeetingOverride> overrides = overridesByNumber(schedule, count);

    List<Meeting> meetings = new ArrayList<>();
    for (int number = 1; number <= count; number++) {
      if (skipped.contains(number)) {
        continue;
      }
      LocalDateTime localStart = first.plusDays((long) everyDays * (number - 1));
      Duration meetingLength = length;
      MeetingOverride override = overrides.get(number);
      if (override != null) {
        int index = schedule.getOverrides().indexOf(override);
        localStart = localDateTime("spec.schedule.overrides[" + index + "].start", override.getStart());
        if (override.getDuration() != null) {
          meetingLength = duration("spec.schedule.overrides[" + index + "].duration", override.getDuration());
        }
      }
      var start = localStart.atZone(zone).toInstant();
      meetings.add(new Meeting(number, start, start.plus(meetingLength)));
    }
    refuseOverlaps(schedule, meetings, overrides);
    return meetings;
  }

  /**
   * Two meetings of one group at once are a mistake (an override moved onto another meeting, or a duration
   * longer than the interval), and would give members two events and two reminders for one slot. The message
   * names the override that moved a meeting there, else the duration.
   */
  private static void refuseOverlaps(Schedule schedule, List<Meeting> meetings, Map<Integer, MeetingOverride> overrides)
      throws InvalidSpecException {
    List<Meeting> byStart = new ArrayList<>(meetings);
    byStart.sort(java.util.Comparator.comparing(Meeting::start));
    for (int i = 1; i < byStart.size(); i++) {
      Meeting before = byStart.get(i - 1);
      Meeting after = byStart.get(i);
      if (after.start().isBefore(before.end())) {
        MeetingOverride moved = overrides.getOrDefault(after.number(), overrides.get(before.number()));
        String field = moved == null ? "spec.schedule.duration"
            : "spec.schedule.overrides[" + schedule.getOverrides().indexOf(moved) + "].start";
        throw new InvalidSpecException(field, "meeting " + after.number() + " (" + after.start() + ") would overlap meeting "
            + before.number() + " (" + before.start() + " to " + before.end() + ")");
      }
    }
  }

  private static Map<Integer, MeetingOverride> overridesByNumber(Schedule schedule, int count)
      throws InvalidSpecException {
    Map<Integer, MeetingOverride> byNumber = new HashMap<>();
    List<MeetingOverride> overrides = schedule.getOverrides() == null ? List.of() : schedule.getOverrides();
    for (int i = 0; i < overrides.size(); i++) {
      MeetingOverride o = overrides.get(i);
      if (o.getNumber() == null || o.getNumber() < 1 || o.getNumber() > count) {
        throw new InvalidSpecException("spec.schedule.overrides[" + i + "].number", "must be between 1 and count");
      }
      if (byNumber.put(o.getNumber(), o) != null) {
        throw new InvalidSpecException("spec.schedule.overrides[" + i + "].number", "meeting " + o.getNumber() + " is overridden twice");
      }
    }
    return byNumber;
  }

  private static ZoneId zone(String id) throws InvalidSpecException {
    if (id == null || id.isBlank()) {
      throw new InvalidSpecException("spec.schedule.timeZone", "is required");
    }
    // Only IANA region names: ZoneId.of would also take fixed offsets such as +02:00, which ignore DST.
    if (!ZoneId.getAvailableZoneIds().contains(id)) {
      throw new InvalidSpecException("spec.schedule.timeZone", "unknown time zone \"" + id + "\" (use an IANA name such as Europe/London)");
    }
    return ZoneId.of(id);
  }

  private static LocalDateTime localDateTime(String field, String text) throws InvalidSpecException {
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new InvalidSpecException(field, "\"" + text + "\" is not a local date-time like 2026-12-01T18:00");
    }
  }

  private static Duration duration(String field, String text) throws InvalidSpecException {
    try {
      Duration d = ShortDuration.parse(text);
      if (d.isZero()) {
        throw new InvalidSpecException(field, "must be longer than zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field, e.getMessage());
    }
  }

  private static int intervalDays(String every) throws InvalidSpecException {
    String text = every == null ? "1w" : every;
    try {
      Duration d = ShortDuration.parse(text);
      if (d.isZero() || d.toHours() % 24 != 0 || d.toSeconds() % 86400 != 0) {
        throw new InvalidSpecException("spec.schedule.every", "must be whole days or weeks, e.g. 1w or 14d");
      }
      return Math.toIntExact(d.toDays());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("spec.schedule.every", e.getMessage());
    }
  }
}
