package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
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
    DiscordStatus d1 = new DiscordStatus();
    d1.setMembers(12);
    d1.setGranted(1);
    d1.setRevoked(0);
    d1.setUnchanged(11);
    reports.put(SystemKind.DISCORD, SyncReport.synced("ok", new SystemCounts.Discord(d1)));
    CalendarStatus c2 = new CalendarStatus();
    c2.setMeetings(6);
    c2.setPatched(6);
    reports.put(SystemKind.CALENDAR, SyncReport.synced("ok", new SystemCounts.Calendar(c2, Map.of(), null)));
    ReminderStatus r3 = new ReminderStatus();
    r3.setScheduled(10);
    r3.setMoved(2);
    r3.setCancelled(0);
    reports.put(SystemKind.REMINDERS, SyncReport.synced("ok", new SystemCounts.Reminders(r3)));

    assertThat(ChangeSummary.of(reports).text()).isEqualTo("discord granted=1 calendar patched=6 reminders moved=2");
  }

  @Test
  void totalsAloneAreNoChange() {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    DiscordStatus d4 = new DiscordStatus();
    d4.setMembers(3);
    d4.setUnchanged(3);
    d4.setGranted(0);
    d4.setRevoked(0);
    reports.put(SystemKind.DISCORD, SyncReport.synced("in sync", new SystemCounts.Discord(d4)));
    RsvpStatus r5 = new RsvpStatus();
    r5.setRecorded(3);
    r5.setRemoved(0);
    reports.put(SystemKind.RSVPS, SyncReport.synced("3 recorded", new SystemCounts.Rsvps(r5)));
    ReminderStatus r6 = new ReminderStatus();
    r6.setScheduled(4);
    reports.put(SystemKind.REMINDERS, SyncReport.synced("4 scheduled", new SystemCounts.Reminders(r6)));

    ChangeSummary summary = ChangeSummary.of(reports);

    assertThat(summary.changed()).isFalse();
    assertThat(summary.text()).isEmpty();
  }

  @Test
  void aFailedOrWaitingSystemContributesNothing() {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    reports.put(SystemKind.CALENDAR, SyncReport.failed(SyncException.retryable("RateLimited", "429", null)));
    RsvpStatus r7 = new RsvpStatus();
    r7.setRecorded(2);
    r7.setRemoved(1);
    reports.put(SystemKind.RSVPS, SyncReport.synced("ok", new SystemCounts.Rsvps(r7)));

    assertThat(ChangeSummary.of(reports).text()).isEqualTo("rsvps removed=1");
    assertThat(ChangeSummary.of(Map.of()).changed()).isFalse();
  }
}
