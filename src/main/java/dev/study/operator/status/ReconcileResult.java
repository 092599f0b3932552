package dev.study.operator.status;

import dev.study.operator.api.AppliedMember;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.SystemRetry;
import dev.study.operator.api.SystemTargets;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one reconcile of a valid spec found out, as the status assembler needs it.
 *
 * @param reports the systems that ran; a system waiting out its backoff has none and keeps its last condition
 * @param retries the backoff state after this reconcile
 * @param targets where each system has written, after this reconcile's cleanups
 * @param appliedMembers the members the systems were synced with
 * @param handledRequest the reconcile-requested-at annotation this reconcile answered, or null
 * @param hold the mass removal held back, or null
 */
public record ReconcileResult(
    long generation,
    StudyGroupSpec spec,
    List<Meeting> meetings,
    Map<SystemKind, SyncReport> reports,
    List<SystemRetry> retries,
    List<SystemTargets> targets,
    List<AppliedMember> appliedMembers,
    String handledRequest,
    HeldRemoval hold,
    Instant now) {

  /** A held mass removal: who is held and the message that says why and how to release it. */
  public record HeldRemoval(String reason, List<String> memberIds, String message) {}
}
