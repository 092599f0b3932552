package dev.study.operator.calendar;

import java.time.Duration;

/** How the Calendar adapter waits (rate limit, retry backoff); injected so tests never really sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
