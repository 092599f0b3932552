package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.ReminderStatus;
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

  /** Keeps the non-zero change counts of each report. */
  public static ChangeSummary of(Map<SystemKind, SyncReport> reports) {
    List<String> parts = new ArrayList<>();
    for (SyncReport report : reports.values()) {
      SystemCounts counts = report.counts();
      if (counts instanceof SystemCounts.Discord discord) {
        DiscordStatus d = discord.status();
        add(parts, "discord", counts("granted", d.getGranted(), "revoked", d.getRevoked(), "welcomed", d.getWelcomed()));
      } else if (counts instanceof SystemCounts.Calendar calendar) {
        CalendarStatus c = calendar.status();
        add(parts, "calendar", counts("created", c.getCreated(), "patched", c.getPatched(), "deleted", c.getDeleted()));
      } else if (counts instanceof SystemCounts.Reminders reminders) {
        ReminderStatus m = reminders.status();
        add(parts, "reminders", counts("moved", m.getMoved(), "cancelled", m.getCancelled()));
      } else if (counts instanceof SystemCounts.Rsvps rsvps) {
        // recorded is the group's row count after the sync, not what changed: only removals are a change here
        add(parts, "rsvps", counts("removed", rsvps.status().getRemoved()));
      }
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
