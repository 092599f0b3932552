package dev.study.operator.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one system through observe, plan and apply, turning every failure into a report so no system can stop another. */
final class SystemRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SystemRunner.class);
  private final Redactor redactor;

  SystemRunner(Redactor redactor) {
    this.redactor = redactor;
  }

  <O, P extends Plan> SyncReport sync(SystemSync<O, P> system, GroupContext group) {
    try {
      O observed = system.observe(group);
      P plan = system.plan(group, observed);
      if (group.spec().suspended()) {
        system.hold(group);
        return plan.isEmpty()
            ? new SyncReport(true, Reasons.SUSPENDED, "suspended; nothing to change", false, null,
                SyncReport.StatusContribution.NONE)
            : new SyncReport(false, Reasons.SUSPENDED, "suspended; would " + plan.summary(), false, null,
                SyncReport.StatusContribution.NONE);
      }
      SyncReport report = system.apply(group, plan);
      return redacted(report);
    } catch (SyncException e) {
      LOG.warn("{} of {} failed: {} {}", system.kind().conditionType(), group.ref(), e.reason(), redactor.redact(e.getMessage()));
      return redacted(SyncReport.failed(e));
    } catch (RuntimeException e) {
      String message = redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
      LOG.error("{} of {} failed unexpectedly: {}", system.kind().conditionType(), group.ref(), message);
      return new SyncReport(false, Reasons.UNEXPECTED_ERROR, message, true, null, SyncReport.StatusContribution.NONE);
    }
  }

  /** Holds what a system runs on its own (see {@link SystemSync#hold}); returns the failure, or null. */
  SyncException hold(SystemSync<?, ?> system, GroupContext group) {
    return failureOf(() -> system.hold(group));
  }

  /** Runs a system's cleanup; returns the failure, redacted, or null when it is done. */
  SyncException cleanup(SystemSync<?, ?> system, GroupContext group, java.util.Set<String> targets) {
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
      return SyncException.retryable(Reasons.UNEXPECTED_ERROR,
          redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()), null);
    }
  }

  private SyncReport redacted(SyncReport r) {
    return new SyncReport(r.synced(), r.reason(), redactor.redact(r.message()), r.retryable(), r.retryAfter(), r.contribution());
  }
}
