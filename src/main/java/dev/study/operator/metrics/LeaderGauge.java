package dev.study.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 1 while this replica holds the Lease (or runs without leader election and has started), else 0. Summed over the
 * replicas it is 1 in a healthy install; 0 for minutes means nothing reconciles and no reminder goes out.
 */
public final class LeaderGauge {
  private final AtomicInteger leading = new AtomicInteger();

  public LeaderGauge(MeterRegistry registry) {
    Gauge.builder("studygroup.leader", leading, AtomicInteger::get)
        .description("1 while this replica leads, 0 otherwise")
        // nothing else may hold this gauge without leader election: Micrometer's default weak reference would read NaN
        .strongReference(true)
        .register(registry);
  }

  public void startedLeading() {
    leading.set(1);
  }

  public void stoppedLeading() {
    leading.set(0);
  }
}
