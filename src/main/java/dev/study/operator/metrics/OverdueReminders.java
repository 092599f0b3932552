package dev.study.operator.metrics;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.sql.Timestamp;

/**
 * Pending reminders whose due time is more than a grace period past: read from the reminder table at scrape time,
 * so every replica reports the same number (it is the shared table, not this replica's view) and a stuck
 * dispatcher shows even when the replica running it has died. One indexed count per scrape (reminder_due is a
 * partial index on pending rows).
 */
public final class OverdueReminders {
  /** A pass of the dispatcher plus a send; a reminder later than this is late for a person too. */
  public static final Duration GRACE = Duration.ofMinutes(1);

  private OverdueReminders() {}

  public static void register(MeterRegistry registry, Database database, Clock clock) {
    Gauge.builder("studygroup.reminders.overdue", () -> count(database, clock))
        .description("Pending reminders more than " + GRACE.toSeconds() + " s past their due time")
        .register(registry);
  }

  /** NaN while PostgreSQL cannot answer: Prometheus then shows a gap, not a reassuring 0. */
  static double count(Database database, Clock clock) {
    Timestamp before = Timestamp.from(clock.instant().minus(GRACE));
    try {
      return database.call("count overdue reminders", h -> h.createQuery(
              "SELECT count(*) FROM reminder WHERE state = 'pending' AND due_at < :before")
          .bind("before", before)
          .mapTo(Long.class)
          .one());
    } catch (DatabaseUnavailable e) {
      return Double.NaN;
    }
  }
}
