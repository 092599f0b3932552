package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each system's sync outcomes by reason, so a dashboard shows which system fails and why, and how many
 * groups are Stalled as this replica last saw them. The gauge is a number, never a label per group: which groups
 * are Stalled is what `kubectl get study -A` is for.
 */
public final class SyncMetrics {
  private final MeterRegistry registry;
  /** Group uid to Stalled=True, set by every reconcile and removed when the group is gone. */
  private final Map<String, Boolean> stalled = new ConcurrentHashMap<>();

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("studygroup.groups.stalled", stalled, m -> m.values().stream().filter(Boolean::booleanValue).count())
        .description("Groups whose Stalled condition is True, as this replica last reconciled them")
        .strongReference(true)
        .register(registry);
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

  void stalled(String uid, boolean isStalled) {
    stalled.put(uid, isStalled);
  }

  void forget(String uid) {
    stalled.remove(uid);
  }
}
