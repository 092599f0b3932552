package dev.study.operator.calendar;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.SyncException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long the Calendar adapter may wait inside a reconcile, and for what: the request budget's short pacing
 * waits and the backoff between retries of rate limits and 5xx. Each port call gets an {@link Allowance} of
 * {@link CalendarSettings#maxWait()} in all; a wait that does not fit is not slept but handed back as a
 * retry-after, so the reconciler's backoff takes over and no reconcile thread sleeps for minutes.
 *
 * <p>The backoff ceilings are the operator's one {@link BackoffPolicy} (base doubling per attempt, capped).
 */
final class RequestPacer {
  private final QuotaWindow budget;
  private final Sleeper sleeper;
  private final BackoffPolicy backoff;
  private final CalendarSettings settings;

  RequestPacer(QuotaWindow budget, Sleeper sleeper, DoubleSupplier random, CalendarSettings settings) {
    this.budget = budget;
    this.sleeper = sleeper;
    this.backoff = new BackoffPolicy(settings.retryBase(), settings.retryCap(), random).withFloor(Duration.ZERO);
    this.settings = settings;
  }

  int burst() {
    return budget.largestGrant();
  }

  Allowance allowance() {
    return new Allowance();
  }

  /** The retries of a call stop here; the reconciler's backoff goes on from the next ceiling. */
  SyncException gaveUp(SyncException last, int attempts) {
    return new SyncException(last.reason(), last.getMessage() + "; gave up after " + attempts + " attempt(s)",
        true, backoff.ceiling(attempts + 1), null);
  }

  /** The waiting one port call may still do. */
  final class Allowance {
    private Duration slept = Duration.ZERO;

    private Duration left() {
      Duration left = settings.maxWait().minus(slept);
      return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Takes the units from the budget, sleeping if they are there within the allowance. Empty when granted;
     * otherwise nothing is taken and the result says when the budget allows them.
     */
    Optional<Duration> pace(int units) throws SyncException {
      QuotaWindow.Grant grant = budget.take(units, left());
      if (!grant.granted()) {
        return Optional.of(grant.delay());
      }
      sleep(grant.delay());
      return Optional.empty();
    }

    /** Like {@link #pace}, but a refusal is thrown as RateLimited with the retry-after. */
    void paceOrStop(int units, String what) throws SyncException {
      Optional<Duration> later = pace(units);
      if (later.isPresent()) {
        throw budgetSpent(what, later.get());
      }
    }

    /**
     * Sleeps the full-jitter backoff before attempt n+1 (a uniform wait in [0, ceiling(n)]) and returns true, or
     * returns false without sleeping when the attempts are used up or the wait does not fit the allowance.
     *
     * <p>The policy runs without its one-second floor here: these waits are a few per call and bounded by the
     * allowance, so a short draw cannot become a hot loop, and a floor would spend the allowance on the first
     * retries (GoogleCalendarSyncIT pins the 250 ms and 500 ms draws).
     */
    boolean backoff(int attempt) throws SyncException {
      if (attempt >= settings.attempts()) {
        return false;
      }
      Duration wait = backoff.delay(attempt);
      if (wait.compareTo(left()) > 0) {
        return false;
      }
      sleep(wait);
      return true;
    }

    private void sleep(Duration wait) throws SyncException {
      if (wait.isZero()) {
        return;
      }
      slept = slept.plus(wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SyncException.retryable(CalendarReasons.ERROR, "interrupted while waiting to call Google Calendar", e);
      }
    }
  }

  static SyncException budgetSpent(String what, Duration retryAfter) {
    return SyncException.deferred(CalendarReasons.RATE_LIMITED, what + ": the client-side request budget allows it in "
        + retryAfter.toSeconds() + " s", retryAfter);
  }
}
