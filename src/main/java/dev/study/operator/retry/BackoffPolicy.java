package dev.study.operator.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a uniform random time in
 * [floor, min(cap, base * 2^(n-1))]. The floor (by default the smaller of base and one second) keeps a zero draw
 * from turning into a hot loop; a caller whose retries are bounded anyway (a Calendar call's few in-call
 * retries) may lower it.
 */
public final class BackoffPolicy {
  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;
  private final Duration floor;

  public BackoffPolicy(Duration base, Duration cap, DoubleSupplier random) {
    this(base, cap, random, base.compareTo(Duration.ofSeconds(1)) < 0 ? base : Duration.ofSeconds(1));
  }

  private BackoffPolicy(Duration base, Duration cap, DoubleSupplier random, Duration floor) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
    this.floor = floor;
  }

  /** The same policy with another least wait (zero: the full-jitter draw as it falls). */
  public BackoffPolicy withFloor(Duration least) {
    return new BackoffPolicy(base, cap, random, least);
  }

  /** The upper bound of the wait after the given number of consecutive failures (1 = first failure). */
  public Duration ceiling(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 40));
    long millis = base.toMillis();
    for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }

  public Duration delay(int failures) {
    long ceiling = ceiling(failures).toMillis();
    long drawn = (long) (random.getAsDouble() * ceiling);
    return Duration.ofMillis(Math.max(floor.toMillis(), Math.min(drawn, ceiling)));
  }

  public Duration base() {
    return base;
  }

  public Duration cap() {
    return cap;
  }
}
