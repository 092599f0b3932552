package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroupStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * How one system's sync ended: its condition (status, reason, message), whether and when to retry, and the
 * counts it contributes to status.
 */
public record SyncReport(
    boolean synced,
    String reason,
    String message,
    boolean retryable,
    Duration retryAfter,
    StatusContribution contribution) {

  /** Writes a system's counts into the status being assembled. */
  @FunctionalInterface
  public interface StatusContribution {
    StatusContribution NONE = status -> {};

    void writeTo(StudyGroupStatus status);
  }

  public static SyncReport synced(String message, StatusContribution contribution) {
    return new SyncReport(true, Reasons.SYNCED, message, false, null, contribution);
  }

  public static SyncReport notConfigured(SystemKind kind) {
    return new SyncReport(true, Reasons.NOT_CONFIGURED,
        "the group does not use " + kind.conditionType().replace("Synced", ""), false, null, StatusContribution.NONE);
  }

  public static SyncReport operatorNotConfigured(SystemKind kind) {
    return new SyncReport(false, Reasons.OPERATOR_NOT_CONFIGURED,
        "the operator has no credentials for " + kind.conditionType().replace("Synced", ""), false, null,
        StatusContribution.NONE);
  }

  /** Partly done: some writes failed (e.g. a member not in the guild); the rest is synced. */
  public static SyncReport partial(String reason, String message, StatusContribution contribution) {
    return new SyncReport(false, reason, message, true, null, contribution);
  }

  public static SyncReport failed(SyncException e) {
    return new SyncReport(false, e.reason(), e.getMessage(), e.retryable(), e.retryAfter().orElse(null),
        StatusContribution.NONE);
  }

  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }
}
