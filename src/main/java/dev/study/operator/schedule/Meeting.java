package dev.study.operator.schedule;

import java.time.Instant;

/** One meeting of a group's expanded schedule. Numbers are stable: skipping meeting 3 does not renumber 4. */
public record Meeting(int number, Instant start, Instant end) {
  public boolean hasEndedBy(Instant now) {
    return !end.isAfter(now);
  }

  public boolean hasStartedBy(Instant now) {
    return !start.isAfter(now);
  }
}
