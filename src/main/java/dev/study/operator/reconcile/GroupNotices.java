package dev.study.operator.reconcile;

import dev.study.operator.api.GroupPlan;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.status.Conditions;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SystemKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reconcile tells people besides status, once per change and never per retry: an INFO line and a Normal
 * Kubernetes Event when something outside changed, a Warning Event when a condition turns False or a removal is
 * first held.
 */
final class GroupNotices {
  private static final Logger LOG = LoggerFactory.getLogger(StudyGroupReconciler.class);
  private final KubernetesEvents events;

  GroupNotices(KubernetesEvents events) {
    this.events = events;
  }

  void changes(StudyGroup group, String ref, ChangeSummary changes) {
    if (changes.changed()) {
      LOG.info("{} {}", ref, changes.text());
      events.normal(group, Reasons.SYNCED, changes.text());
    }
  }

  /** One Warning Event per condition that turned False (or changed its reason), not one per retry. */
  void newFailures(StudyGroup group, StudyGroupStatus previous, StudyGroupStatus status) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    for (SystemKind kind : SystemKind.values()) {
      Condition now = Conditions.find(status.getConditions(), kind.conditionType()).orElse(null);
      if (now == null || "True".equals(now.getStatus()) || Reasons.SUSPENDED.equals(now.getReason())) {
        continue;
      }
      Condition was = Conditions.find(before, kind.conditionType()).orElse(null);
      boolean changed = was == null || !"False".equals(was.getStatus()) || !now.getReason().equals(was.getReason());
      if (changed) {
        events.warn(group, now.getReason(), kind.conditionType() + ": " + now.getMessage());
      }
    }
  }

  /** One Warning Event when a removal is first held, or the held members change. */
  void newHold(StudyGroup group, StudyGroupStatus previous, StudyGroupStatus status) {
    GroupPlan before = previous == null ? null : previous.getPlan();
    boolean same = before != null && RemovalGuard.REMOVAL_HELD.equals(before.getReason())
        && before.getHeldRemovals().equals(status.getPlan().getHeldRemovals());
    if (!same) {
      events.warn(group, RemovalGuard.REMOVAL_HELD, status.getPlan().getMessage());
    }
  }
}
