package dev.study.operator.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a uniform random time in
 * [floor, min(cap, base * 2^(n-1))]. The floor (the smaller of base and one second) keeps a zero draw from
 * turning into a hot loop.
 */
public final class BackoffPolicy {
  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;

  public BackoffPolicy(Duration base, Duration cap, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
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
    long floor = Math.min(base.toMillis(), 1000);
    long drawn = (long) (random.getAsDouble() * ceiling);
    return Duration.ofMillis(Math.max(floor, Math.min(drawn, ceiling)));
  }

  public Duration base() {
    return base;
  }

  public Duration cap() {
    return cap;
  }
}
