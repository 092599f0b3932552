package dev.study.operator.faults;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The observed figures of one scenario (requests, retries, time to converge), printed on one line that
 * docs/fault-matrix.md quotes; the surefire report keeps it in the test's output.
 */
final class Figures {
  private final String scenario;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final long startedNanos = System.nanoTime();

  Figures(String scenario) {
    this.scenario = scenario;
  }

  Figures put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  /** Seconds since this object was made, to one decimal. */
  double elapsedSeconds() {
    return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
  }

  void print() {
    System.out.println("FIGURES " + scenario + ": " + values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
  }
}
