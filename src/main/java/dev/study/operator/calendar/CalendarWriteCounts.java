package dev.study.operator.calendar;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What one apply of a Calendar plan did, write by write, and the report it ends with. */
final class CalendarWriteCounts {
  private final CalendarPlan plan;
  private int created;
  private int patched;
  private int deleted;
  private final int unchanged;
  private int failed;
  /** Events not created (failed or deferred): their meetings have no event id yet. */
  private final Set<String> failedIds = new HashSet<>();
  private WriteResult firstFailure;
  private int deferred;
  private Duration retryAfter;

  CalendarWriteCounts(CalendarPlan plan) {
    this.plan = plan;
    this.unchanged = plan.unchanged();
  }

  void count(WriteResult result) {
    EventWrite write = result.write();
    switch (result.outcome()) {
      case DEFERRED -> {
        deferred++;
        if (write instanceof EventWrite.Insert) {
          failedIds.add(write.eventId()); // not created yet: the meeting has no event id
        }
        if (retryAfter == null || result.retryAfter().compareTo(retryAfter) < 0) {
          retryAfter = result.retryAfter();
        }
      }
      case CONFLICT -> throw new IllegalStateException("a 412 is planned again, never counted");
      case DONE, GONE, EXISTS -> {
        if (write instanceof EventWrite.Insert) {
          created++;
        } else if (write instanceof EventWrite.Patch) {
          patched++;
        } else {
          deleted++;
        }
      }
      case FAILED -> {
        failed++;
        failedIds.add(write.eventId());
        if (firstFailure == null) {
          firstFailure = result;
        }
      }
    }
  }

  /** Synced, or partial with the first failure's reason (or RateLimited when the budget deferred writes). */
  SyncReport report(ObservedCalendar events) {
    CalendarStatus counts = status();
    Map<Integer, String> eventIds = new HashMap<>(plan.eventIds());
    eventIds.values().removeAll(failedIds);
    SystemCounts contribution = new SystemCounts.Calendar(counts, eventIds, events);
    String message = "created " + created + ", patched " + patched + ", deleted " + deleted + ", unchanged "
        + unchanged;
    if (firstFailure == null && retryAfter == null) {
      return SyncReport.synced("events match the schedule: " + message, contribution);
    }
    if (firstFailure == null) {
      // the quota is spent: what was written stays written, the rest goes when the quota has room again
      return SyncReport.deferred(CalendarReasons.RATE_LIMITED, deferred + " event write(s) wait for the "
          + "request budget, retrying in " + retryAfter.toSeconds() + " s; " + message, retryAfter, contribution);
    }
    return SyncReport.partial(firstFailure.reason(),
        failed + " event write(s) failed, first: " + firstFailure.message() + "; " + message, retryAfter,
        contribution);
  }

  private CalendarStatus status() {
    CalendarStatus s = new CalendarStatus();
    s.setMeetings(plan.meetings());
    s.setCreated(created);
    s.setPatched(patched);
    s.setDeleted(deleted);
    s.setUnchanged(unchanged);
    s.setFailed(failed);
    return s;
  }
}
