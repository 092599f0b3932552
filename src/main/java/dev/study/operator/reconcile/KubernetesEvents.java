package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;

/** Kubernetes Events about a group, so `kubectl describe` shows why a system is failing and what changed. */
public interface KubernetesEvents {
  KubernetesEvents NONE = (group, reason, message) -> {};

  void warn(StudyGroup group, String reason, String message);

  /** A Normal Event, e.g. one per reconcile that changed something outside; ignored unless overridden. */
  default void normal(StudyGroup group, String reason, String message) {}
}
