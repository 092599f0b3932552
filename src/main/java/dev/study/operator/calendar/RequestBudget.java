package dev.study.operator.calendar;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket of quota units that keeps the operator under Google's per-user quota on its own, instead of
 * learning the limit from 403s. Calls take their {@link QuotaCost} (a patch three units, each call inside a batch
 * too, as Google counts them).
 *
 * <p>It never makes a caller wait long: {@link #take} grants units that are there within the caller's patience
 * (the caller sleeps that short wait), and otherwise takes nothing and says when they will be there, so the sync
 * can stop and come back then instead of holding a reconcile thread. In any window of length t at most
 * burst + rate * t units are granted.
 */
public final class RequestBudget {
  private final double unitsPerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double available;
  private long lastRefill;

  /** Units granted after a wait of at most the caller's patience, or refused with the wait they would need. */
  public record Grant(boolean granted, Duration delay) {}

  /**
   * @param unitsPerMinute the sustained rate
   * @param burst units that may be spent at once after a quiet spell; at least {@link QuotaCost#MAX}
   * @param nanoTime a monotonic clock (System::nanoTime)
   */
  public RequestBudget(int unitsPerMinute, int burst, LongSupplier nanoTime) {
    if (unitsPerMinute < 1 || burst < QuotaCost.MAX) {
      throw new IllegalArgumentException("a request budget needs a positive rate and a burst of at least "
          + QuotaCost.MAX + " units");
    }
    this.unitsPerNano = unitsPerMinute / (double) Duration.ofMinutes(1).toNanos();
    this.capacity = burst;
    this.nanoTime = nanoTime;
    this.available = burst;
    this.lastRefill = nanoTime.getAsLong();
  }

  /** The most units one grant can hold: callers split their batches to fit. */
  public int burst() {
    return (int) capacity;
  }

  /**
   * Takes the units if they are there after at most {@code patience}; the grant's delay is what the caller must
   * sleep before sending. Refused, nothing is taken and the delay says when the units will be there.
   */
  public synchronized Grant take(int units, Duration patience) {
    if (units > capacity) {
      throw new IllegalArgumentException(units + " units never fit a budget of " + burst());
    }
    long now = nanoTime.getAsLong();
    available = Math.min(capacity, available + (now - lastRefill) * unitsPerNano);
    lastRefill = now;
    double missing = units - available;
    Duration wait = missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / unitsPerNano));
    if (wait.compareTo(patience) > 0) {
      return new Grant(false, wait);
    }
    available -= units;
    return new Grant(true, wait);
  }
}
