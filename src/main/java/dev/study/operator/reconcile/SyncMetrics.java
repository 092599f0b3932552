package dev.study.operator.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Counts each system's sync outcomes by reason, so a dashboard shows which system fails and why. */
public final class SyncMetrics {
  private final MeterRegistry registry;

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public static SyncMetrics inMemory() {
    return new SyncMetrics(new SimpleMeterRegistry());
  }

  void record(SystemKind kind, SyncReport report) {
    Counter.builder("studygroup.sync")
        .description("System syncs by outcome")
        .tag("system", kind.conditionType())
        .tag("synced", Boolean.toString(report.synced()))
        .tag("reason", report.reason())
        .register(registry)
        .increment();
  }
}
