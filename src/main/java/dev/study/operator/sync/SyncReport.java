package dev.study.operator.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * How one system's sync ended, as a plain value: the outcome, the condition's reason and message, an optional
 * retry-after hint, and the counts the system contributes to status. The status assembler turns the reports of a
 * reconcile into status; no report writes status itself.
 */
public record SyncReport(Outcome outcome, String reason, String message, Duration retryAfter, SystemCounts counts) {

  /** How a sync ended, and so what its condition says and whether it is tried again. */
  public enum Outcome {
    /** Everything the spec asks for is in place. */
    SYNCED(true, false),
    /** The group does not use the system: its condition is True and its counts are cleared. */
    NOT_USED(true, false),
    /** Part is done and counted, the rest failed or waits (a budget, a welcome whose outcome is unknown). */
    PARTIAL(false, true),
    /**
     * Nothing failed: what was done is counted, and the rest waits for a limit the operator keeps on its own (the
     * Calendar quota) until the retry-after, when it is tried again at once, with no backoff.
     */
    DEFERRED(false, true),
    /** Nothing (more) could be done this time; retrying can fix it. */
    FAILED_RETRYABLE(false, true),
    /** Retrying cannot fix it: a person must change the spec, the operator's configuration or the outside. */
    FAILED_PERMANENT(false, false),
    /** Suspended, and nothing would change if it were not. */
    SUSPENDED_IN_STEP(true, false),
    /** Suspended, with changes waiting for the suspension to end. */
    SUSPENDED_WITH_CHANGES(false, false);

    private final boolean conditionTrue;
    private final boolean retried;

    Outcome(boolean conditionTrue, boolean retried) {
      this.conditionTrue = conditionTrue;
      this.retried = retried;
    }

    public boolean suspended() {
      return this == SUSPENDED_IN_STEP || this == SUSPENDED_WITH_CHANGES;
    }

    /** Failed in a way only a person can fix; the group is Stalled. */
    public boolean permanent() {
      return this == FAILED_PERMANENT;
    }
  }

  public SyncReport {
    if (outcome == null || reason == null) {
      throw new IllegalArgumentException("a report needs an outcome and a reason");
    }
    counts = counts == null ? SystemCounts.NONE : counts;
  }

  /** Whether the system's condition is True. */
  public boolean synced() {
    return outcome.conditionTrue;
  }

  /** Whether the system is tried again with backoff (a permanent failure waits for the resync or a change). */
  public boolean retryable() {
    return outcome.retried;
  }

  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }

  public SyncReport withMessage(String newMessage) {
    return new SyncReport(outcome, reason, newMessage, retryAfter, counts);
  }

  public static SyncReport synced(String message, SystemCounts counts) {
    return new SyncReport(Outcome.SYNCED, Reasons.SYNCED, message, null, counts);
  }

  public static SyncReport notConfigured(SystemKind kind) {
    return new SyncReport(Outcome.NOT_USED, Reasons.NOT_CONFIGURED, "the group does not use " + kind.displayName(),
        null, SystemCounts.NONE);
  }

  public static SyncReport operatorNotConfigured(SystemKind kind) {
    return new SyncReport(Outcome.FAILED_PERMANENT, Reasons.OPERATOR_NOT_CONFIGURED,
        "the operator has no credentials for " + kind.displayName(), null, SystemCounts.NONE);
  }

  /** Partly done: some writes failed or wait (e.g. a member not in the guild); the rest is synced and counted. */
  public static SyncReport partial(String reason, String message, Duration retryAfter, SystemCounts counts) {
    return new SyncReport(Outcome.PARTIAL, reason, message, retryAfter, counts);
  }

  /** Done in part, the rest deferred until the retry-after by the operator's own limit; see {@link Outcome#DEFERRED}. */
  public static SyncReport deferred(String reason, String message, Duration retryAfter, SystemCounts counts) {
    if (retryAfter == null) {
      throw new IllegalArgumentException("a deferral says until when");
    }
    return new SyncReport(Outcome.DEFERRED, reason, message, retryAfter, counts);
  }

  /** Nothing to show: the sync failed as the exception says; the previous counts stay in status. */
  public static SyncReport failed(SyncException e) {
    if (e.deferral()) {
      return deferred(e.reason(), e.getMessage(), e.retryAfter().orElseThrow(), SystemCounts.NONE);
    }
    return failed(e.reason(), e.getMessage(), e.retryable(), e.retryAfter().orElse(null));
  }

  public static SyncReport failed(String reason, String message, boolean retryable, Duration retryAfter) {
    return new SyncReport(retryable ? Outcome.FAILED_RETRYABLE : Outcome.FAILED_PERMANENT, reason, message,
        retryAfter, SystemCounts.NONE);
  }

  /** Suspended: nothing was written; the message says what would change. */
  public static SyncReport suspended(Plan plan) {
    return plan.isEmpty()
        ? new SyncReport(Outcome.SUSPENDED_IN_STEP, Reasons.SUSPENDED, "suspended; nothing to change", null, null)
        : suspendedWithChanges("suspended; would " + plan.summary());
  }

  public static SyncReport suspendedWithChanges(String message) {
    return new SyncReport(Outcome.SUSPENDED_WITH_CHANGES, Reasons.SUSPENDED, message, null, null);
  }
}
