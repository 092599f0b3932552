package dev.study.operator.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * A system could not be synced. Vendor errors become this, with a condition reason, whether retrying can help,
 * and the delay the vendor asked for (a rate limit's retry-after), if any.
 */
public class SyncException extends Exception {
  private final String reason;
  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean deferral;

  public SyncException(String reason, String message, boolean retryable, Duration retryAfter, Throwable cause) {
    this(reason, message, retryable, retryAfter, cause, false);
  }

  private SyncException(String reason, String message, boolean retryable, Duration retryAfter, Throwable cause,
      boolean deferral) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.deferral = deferral;
  }

  /**
   * Nothing went wrong: a limit the operator keeps on its own (the Calendar quota) has no room until
   * {@code retryAfter}. The report is {@link SyncReport.Outcome#DEFERRED}: tried again then, with no backoff.
   */
  public static SyncException deferred(String reason, String message, Duration retryAfter) {
    return new SyncException(reason, message, true, retryAfter, null, true);
  }

  /** Whether this is a deferral by the operator's own limit rather than a failure. */
  public boolean deferral() {
    return deferral;
  }

  public static SyncException retryable(String reason, String message, Throwable cause) {
    return new SyncException(reason, message, true, null, cause);
  }

  /** Retrying cannot fix it (unknown channel, permission denied): wait for a spec change or the resync. */
  public static SyncException permanent(String reason, String message, Throwable cause) {
    return new SyncException(reason, message, false, null, cause);
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
