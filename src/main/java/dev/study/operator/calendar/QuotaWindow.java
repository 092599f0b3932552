package dev.study.operator.calendar;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * Keeps the operator under Google's per-user quota on its own, the way Google counts it: "Quotas are calculated
 * per minute using a sliding window" (developers.google.com/calendar/api/guides/quota), so at most
 * {@code unitsPerMinute} quota units go out in any minute. A patch costs three units, every other call one, each
 * call inside a batch too ({@link QuotaCost}).
 *
 * <p>Why a window and not a token bucket: a bucket that may never break the quota must keep rate + burst under
 * it, so it runs below the quota for good (500 a minute plus a burst of 100 under 600). The window spends the
 * whole quota at once, then exactly what leaves it: a cold cohort finishes at the floor the quota sets.
 *
 * <p>It never makes a caller wait long: {@link #take} grants units that fit within the caller's patience (the
 * caller sleeps that short wait) and otherwise takes nothing and says when they will fit, so the sync can stop
 * and come back then instead of holding a reconcile thread. Grants are handed out in order.
 */
public final class QuotaWindow {
  /**
   * How long a grant counts: a minute, and two seconds more, because Google's window starts when a call arrives,
   * which is after the grant (the caller may be slow to wake, the batch to go out); without it a grant the window
   * has just let go of could still be in Google's, and the next minute's grants would overrun it.
   */
  private static final long WINDOW = Duration.ofMinutes(1).plusSeconds(2).toNanos();
  private final int unitsPerMinute;
  private final int largestGrant;
  private final LongSupplier nanoTime;
  /** Each grant as {time it goes out, units}, in time order. */
  private final Deque<long[]> granted = new ArrayDeque<>();

  /** Units granted after a wait of at most the caller's patience, or refused with the wait they would need. */
  public record Grant(boolean granted, Duration delay) {}

  /**
   * @param unitsPerMinute the most units in any minute
   * @param largestGrant the most units one grant may hold (callers split their batches to fit); at least
   *     {@link QuotaCost#MAX} and at most the minute's units
   * @param nanoTime a monotonic clock (System::nanoTime)
   */
  public QuotaWindow(int unitsPerMinute, int largestGrant, LongSupplier nanoTime) {
    if (largestGrant < QuotaCost.MAX || largestGrant > unitsPerMinute) {
      throw new IllegalArgumentException("a quota window needs a largest grant between " + QuotaCost.MAX
          + " and its units per minute (" + unitsPerMinute + "), got " + largestGrant);
    }
    this.unitsPerMinute = unitsPerMinute;
    this.largestGrant = largestGrant;
    this.nanoTime = nanoTime;
  }

  public int largestGrant() {
    return largestGrant;
  }

  /**
   * Takes the units if they fit after at most {@code patience}; the grant's delay is what the caller must sleep
   * before sending. Refused, nothing is taken and the delay says when the units will fit.
   */
  public synchronized Grant take(int units, Duration patience) {
    if (units > largestGrant) {
      throw new IllegalArgumentException(units + " units never fit a grant of at most " + largestGrant);
    }
    long now = nanoTime.getAsLong();
    while (!granted.isEmpty() && granted.peekFirst()[0] <= now - WINDOW) {
      granted.pollFirst();
    }
    long at = granted.isEmpty() ? now : Math.max(now, granted.peekLast()[0]);
    long inWindow = 0;
    for (long[] g : granted) {
      inWindow += g[1];
    }
    // every kept grant is within a window of `at`, as none is later; drop the oldest until the units fit
    Iterator<long[]> oldest = granted.iterator();
    while (inWindow + units > unitsPerMinute) {
      long[] leaving = oldest.next();
      at = Math.max(at, leaving[0] + WINDOW);
      inWindow -= leaving[1];
    }
    Duration wait = Duration.ofNanos(at - now);
    if (wait.compareTo(patience) > 0) {
      return new Grant(false, wait);
    }
    granted.addLast(new long[] {at, units});
    return new Grant(true, wait);
  }
}
