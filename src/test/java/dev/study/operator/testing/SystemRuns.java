package dev.study.operator.testing;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.Plan;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemSync;

/** One observe → plan → apply of a system, as the reconciler runs it, for tests that drive a system alone. */
public final class SystemRuns {
  private SystemRuns() {}

  /** Runs the system once; a failure is thrown, for tests that assert on it. */
  public static <O, P extends Plan> SyncReport apply(SystemSync<O, P> system, GroupContext group)
      throws SyncException {
    return system.apply(group, system.plan(group, system.observe(group)));
  }

  /** Runs the system once; a failure comes back as its report, as the reconciler's runner would give it. */
  public static <O, P extends Plan> SyncReport report(SystemSync<O, P> system, GroupContext group) {
    try {
      return apply(system, group);
    } catch (SyncException e) {
      return SyncReport.failed(e);
    }
  }
}
