package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.ReminderStatus;
import dev.study.operator.api.RsvpStatus;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

  @Test
  void namesEachSystemThatWroteWithItsNonZeroChangeCounts() {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    reports.put(SystemKind.DISCORD, SyncReport.synced("ok", s -> {
      DiscordStatus d = new DiscordStatus();
      d.setMembers(12);
      d.setGranted(1);
      d.setRevoked(0);
      d.setUnchanged(11);
      s.setDiscord(d);
    }));
    reports.put(SystemKind.CALENDAR, SyncReport.synced("ok", s -> {
      CalendarStatus c = new CalendarStatus();
      c.setMeetings(6);
      c.setPatched(6);
      s.setCalendar(c);
    }));
    reports.put(SystemKind.REMINDERS, SyncReport.synced("ok", s -> {
      ReminderStatus r = new ReminderStatus();
      r.setScheduled(10);
      r.setMoved(2);
      r.setCancelled(0);
      s.setReminders(r);
    }));

    assertThat(ChangeSummary.of(reports).text()).isEqualTo("discord granted=1 calendar patched=6 reminders moved=2");
  }

  @Test
  void totalsAloneAreNoChange() {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    reports.put(SystemKind.DISCORD, SyncReport.synced("in sync", s -> {
      DiscordStatus d = new DiscordStatus();
      d.setMembers(3);
      d.setUnchanged(3);
      d.setGranted(0);
      d.setRevoked(0);
      s.setDiscord(d);
    }));
    reports.put(SystemKind.RSVPS, SyncReport.synced("3 recorded", s -> {
      RsvpStatus r = new RsvpStatus();
      r.setRecorded(3);
      r.setRemoved(0);
      s.setRsvps(r);
    }));
    reports.put(SystemKind.REMINDERS, SyncReport.synced("4 scheduled", s -> {
      ReminderStatus r = new ReminderStatus();
      r.setScheduled(4);
      s.setReminders(r);
    }));

    ChangeSummary summary = ChangeSummary.of(reports);

    assertThat(summary.changed()).isFalse();
    assertThat(summary.text()).isEmpty();
  }

  @Test
  void aFailedOrWaitingSystemContributesNothing() {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    reports.put(SystemKind.CALENDAR, SyncReport.failed(SyncException.retryable("RateLimited", "429", null)));
    reports.put(SystemKind.RSVPS, SyncReport.synced("ok", s -> {
      RsvpStatus r = new RsvpStatus();
      r.setRecorded(2);
      r.setRemoved(1);
      s.setRsvps(r);
    }));

    assertThat(ChangeSummary.of(reports).text()).isEqualTo("rsvps removed=1");
    assertThat(ChangeSummary.of(Map.of()).changed()).isFalse();
  }
}
