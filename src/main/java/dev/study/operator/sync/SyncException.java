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

  public SyncException(String reason, String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
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
