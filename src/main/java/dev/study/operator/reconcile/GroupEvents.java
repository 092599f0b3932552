package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;

/** Kubernetes Events about a group, so `kubectl describe` shows why a system is failing. */
public interface GroupEvents {
  GroupEvents NONE = (group, reason, message) -> {};

  void warn(StudyGroup group, String reason, String message);
}
