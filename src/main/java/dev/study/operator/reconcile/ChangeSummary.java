package dev.study.operator.reconcile;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.ReminderStatus;
import dev.study.operator.api.RsvpStatus;
import dev.study.operator.api.StudyGroupStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile changed outside, in one line: {@code discord granted=1 calendar patched=6 reminders moved=2}.
 * It reads only the change counts each system contributed to status in this reconcile (a system waiting out its
 * backoff contributed nothing), never totals such as members, scheduled reminders or recorded RSVPs, so a reconcile
 * that wrote nothing has an empty summary and is neither logged nor reported as an Event.
 */
public record ChangeSummary(String text) {
  public static final ChangeSummary NONE = new ChangeSummary("");

  /** Applies each report's contribution to an empty status and keeps the non-zero change counts. */
  public static ChangeSummary of(Map<SystemKind, SyncReport> reports) {
    StudyGroupStatus fresh = new StudyGroupStatus();
    reports.values().forEach(r -> r.contribution().writeTo(fresh));
    List<String> parts = new ArrayList<>();
    DiscordStatus d = fresh.getDiscord();
    if (d != null) {
      add(parts, "discord", counts("granted", d.getGranted(), "revoked", d.getRevoked(), "welcomed", d.getWelcomed()));
    }
    CalendarStatus c = fresh.getCalendar();
    if (c != null) {
      add(parts, "calendar", counts("created", c.getCreated(), "patched", c.getPatched(), "deleted", c.getDeleted()));
    }
    ReminderStatus m = fresh.getReminders();
    if (m != null) {
      add(parts, "reminders", counts("moved", m.getMoved(), "cancelled", m.getCancelled()));
    }
    RsvpStatus r = fresh.getRsvps();
    if (r != null) {
      // recorded is the group's row count after the sync, not what changed: only removals are a change here
      add(parts, "rsvps", counts("removed", r.getRemoved()));
    }
    return parts.isEmpty() ? NONE : new ChangeSummary(String.join(" ", parts));
  }

  public boolean changed() {
    return !text.isEmpty();
  }

  private static Map<String, Integer> counts(Object... pairs) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Integer n = (Integer) pairs[i + 1];
      if (n != null && n > 0) {
        out.put((String) pairs[i], n);
      }
    }
    return out;
  }

  private static void add(List<String> parts, String system, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder(system);
    counts.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
    parts.add(s.toString());
  }
}
