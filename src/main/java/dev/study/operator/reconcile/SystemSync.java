package dev.study.operator.reconcile;

/**
 * The one shape of every outside system: observe (read-only, cheap), plan (pure), apply (exactly the plan,
 * each write idempotent) and cleanup (for the finalizer, under deletionPolicy Delete).
 */
public interface SystemSync<O, P extends Plan> {
  SystemKind kind();

  O observe(GroupContext group) throws SyncException;

  P plan(GroupContext group, O observed);

  SyncReport apply(GroupContext group, P plan) throws SyncException;

  /** Removes what this system wrote for the group. Something already gone counts as removed. */
  void cleanup(GroupContext group) throws SyncException;
}
