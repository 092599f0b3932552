package dev.study.operator.reconcile;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.Plan;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemSync;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one system through observe, plan and apply, turning every failure into a report so no system can stop
 * another. Every message that leaves it is redacted.
 */
final class SystemRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SystemRunner.class);
  private final Redactor redactor;

  SystemRunner(Redactor redactor) {
    this.redactor = redactor;
  }

  <O, P extends Plan> SystemRun<O> sync(SystemSync<O, P> system, GroupContext group) {
    O observed = null;
    try {
      observed = system.observe(group);
      P plan = system.plan(group, observed);
      if (group.spec().suspended()) {
        system.hold(group);
        return new SystemRun<>(SyncReport.suspended(plan), observed);
      }
      return new SystemRun<>(redacted(system.apply(group, plan)), observed);
    } catch (SyncException e) {
      LOG.warn("{} of {} failed: {} {}", system.kind().conditionType(), group.ref(), e.reason(),
          redactor.redact(e.getMessage()));
      return new SystemRun<>(redacted(SyncReport.failed(e)), observed);
    } catch (RuntimeException e) {
      String message = unexpected(e);
      LOG.error("{} of {} failed unexpectedly: {}", system.kind().conditionType(), group.ref(), message);
      return new SystemRun<>(SyncReport.failed(Reasons.UNEXPECTED_ERROR, message, true, null), observed);
    }
  }

  /** Holds what a system runs on its own (see {@link SystemSync#hold}); returns the failure, or null. */
  SyncException hold(SystemSync<?, ?> system, GroupContext group) {
    return failureOf(() -> system.hold(group));
  }

  /** Runs a system's cleanup; returns the failure, redacted, or null when it is done. */
  SyncException cleanup(SystemSync<?, ?> system, GroupContext group, Set<String> targets) {
    return failureOf(() -> system.cleanup(group, targets));
  }

  private interface Step {
    void run() throws SyncException;
  }

  /** Runs a step that writes no report; any failure, expected or not, comes back redacted, never thrown. */
  private SyncException failureOf(Step step) {
    try {
      step.run();
      return null;
    } catch (SyncException e) {
      return new SyncException(e.reason(), redactor.redact(e.getMessage()), e.retryable(), e.retryAfter().orElse(null), null);
    } catch (RuntimeException e) {
      return SyncException.retryable(Reasons.UNEXPECTED_ERROR, unexpected(e), null);
    }
  }

  private String unexpected(RuntimeException e) {
    return redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private SyncReport redacted(SyncReport r) {
    return r.withMessage(redactor.redact(r.message()));
  }
}
