package dev.study.operator.calendar;

import dev.study.operator.metrics.OutboundMetrics;
import dev.study.operator.metrics.OutboundMetrics.Outcome;

/**
 * The Calendar adapter's view of {@link OutboundMetrics}: one place that turns Google's answers into outcomes.
 * A 403 is a rate limit when {@link GoogleErrors} says so (rateLimitExceeded and friends), not a client error, so
 * 429s and 403 rate limits land in the same series. A batch is timed as one HTTP request ({@code batch}); the
 * calls inside it are counted one by one ({@code insert}, {@code patch}, {@code delete}), as Google's quota does.
 */
final class CalendarCallMetrics {
  static final String SYSTEM = "calendar";
  private final OutboundMetrics metrics;

  CalendarCallMetrics(OutboundMetrics metrics) {
    this.metrics = metrics;
  }

  long start() {
    return metrics.startNanos();
  }

  void answered(String operation, long start) {
    metrics.record(SYSTEM, operation, Outcome.OK, start);
  }

  void refused(String operation, int code, String reason, long start) {
    metrics.record(SYSTEM, operation, outcome(code, reason), start);
  }

  /** No usable answer: a timeout, a refused connection, or a batch reply that could not be read. */
  void noAnswer(String operation, long start) {
    metrics.record(SYSTEM, operation, Outcome.TIMEOUT, start);
  }

  /** One call inside a batch: counted, not timed (the batch is). */
  void inBatch(String operation, int code, String reason) {
    metrics.count(SYSTEM, operation, code >= 200 && code < 300 ? Outcome.OK : outcome(code, reason));
  }

  private static Outcome outcome(int code, String reason) {
    if (code == 403 && CalendarReasons.RATE_LIMITED.equals(GoogleErrors.classify(code, reason, "", null).reason())) {
      return Outcome.RATE_LIMITED;
    }
    return Outcome.ofStatus(code);
  }
}
