package dev.study.operator.sync;

import dev.study.operator.api.StudyGroupSpec;
import java.util.Set;

/**
 * The one shape of every outside system: observe (read-only, cheap), plan (pure), apply (exactly the plan,
 * each write idempotent) and cleanup (what it made at targets the group no longer uses, or at deletion).
 */
public interface SystemSync<O, P extends Plan> {
  SystemKind kind();

  O observe(GroupContext group) throws SyncException;

  P plan(GroupContext group, O observed);

  SyncReport apply(GroupContext group, P plan) throws SyncException;

  /**
   * The places this system writes to for a spec, as opaque ids the reconciler records in {@code status.targets}:
   * a later spec that drops one gets {@link #cleanup} called for it, and deletion cleans every recorded one.
   * Empty when the spec does not use the system.
   */
  Set<String> targets(StudyGroupSpec spec);

  /**
   * Removes what this system made for the group at the given targets (ids from {@link #targets}, maybe of an
   * older spec): when a target leaves the spec, when the section is removed, and at deletion. Something already
   * gone counts as removed. Only what the operator manages is removed.
   */
  void cleanup(GroupContext group, Set<String> targets) throws SyncException;

  /**
   * Called instead of {@link #apply} while the group is suspended: pauses what the system runs on its own
   * (reminders are held). The next apply after the suspension resumes it. Nothing outside is written.
   */
  default void hold(GroupContext group) throws SyncException {}
}
