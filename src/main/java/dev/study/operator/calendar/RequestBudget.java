package dev.study.operator.calendar;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that keeps the operator under Google's per-user quota on its own, instead of learning the
 * limit from 403s. Each API call (each call inside a batch too, as Google counts them) takes one permit. A
 * caller that takes more permits than are left runs the bucket into debt and waits until the debt is paid, so
 * by any time t at most burst + rate * t calls have been sent, and a 50-call batch is never split.
 */
public final class RequestBudget {
  private final double permitsPerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double available;
  private long lastRefill;

  /**
   * @param permitsPerMinute the sustained rate
   * @param burst permits that may be spent at once after a quiet spell
   * @param nanoTime a monotonic clock (System::nanoTime)
   */
  public RequestBudget(int permitsPerMinute, int burst, LongSupplier nanoTime) {
    if (permitsPerMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("a request budget needs a positive rate and burst");
    }
    this.permitsPerNano = permitsPerMinute / (double) Duration.ofMinutes(1).toNanos();
    this.capacity = burst;
    this.nanoTime = nanoTime;
    this.available = burst;
    this.lastRefill = nanoTime.getAsLong();
  }

  /** Takes the permits and tells how long the caller must wait before it may send. */
  public synchronized Duration reserve(int permits) {
    long now = nanoTime.getAsLong();
    available = Math.min(capacity, available + (now - lastRefill) * permitsPerNano);
    lastRefill = now;
    available -= permits;
    double debt = Math.max(0, -available);
    return Duration.ofNanos((long) Math.ceil(debt / permitsPerNano));
  }
}
