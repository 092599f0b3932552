package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncReport;

/**
 * One system's run in a reconcile: its report, and what it observed (null when it failed before observing or was
 * not run). The observation is what a later system may be handed: the events Calendar saw, for RSVPs.
 */
record SystemRun<O>(SyncReport report, O observed) {
  static <O> SystemRun<O> reportOnly(SyncReport report) {
    return new SystemRun<>(report, null);
  }
}
