package dev.study.operator.testing.calendar;

import dev.study.operator.calendar.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time for the Calendar adapter under test: a sleeper that records each wait and moves a monotonic clock
 * forward instead of sleeping, so backoff and pacing are asserted exactly and tests never sleep.
 */
public final class ManualTime implements Sleeper {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    nanos.addAndGet(duration.toNanos());
  }

  public long nanoTime() {
    return nanos.get();
  }

  /** A wall clock that starts at base and moves exactly as this time does, for the fake's quota window. */
  public Clock clock(Instant base) {
    long start = nanos.get();
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return base.plusNanos(nanos.get() - start);
      }
    };
  }

  public void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  public void forget() {
    sleeps.clear();
  }
}
