package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.util.List;

/**
 * Everything a system needs to sync one group in one reconcile: identity, the validated spec, the expanded
 * meetings, the time the reconcile started, and observations shared between systems.
 */
public record GroupContext(
    String uid,
    String namespace,
    String name,
    long generation,
    StudyGroupSpec spec,
    List<Meeting> meetings,
    Instant now,
    SharedObservations shared) {

  /** The context of one reconcile or cleanup of a group, for a spec (possibly the effective one) and its meetings. */
  public static GroupContext of(StudyGroup group, StudyGroupSpec spec, List<Meeting> meetings, Instant now) {
    return new GroupContext(group.getMetadata().getUid(), group.getMetadata().getNamespace(),
        group.getMetadata().getName(), generationOf(group), spec, meetings, now, new SharedObservations());
  }

  public static long generationOf(StudyGroup group) {
    Long generation = group.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  public String displayName() {
    return spec.getDisplayName();
  }

  /** namespace/name, for messages and logs. */
  public String ref() {
    return namespace + "/" + name;
  }
}
