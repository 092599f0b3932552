package dev.study.operator.reconcile;

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

  public String displayName() {
    return spec.getDisplayName();
  }

  /** namespace/name, for messages and logs. */
  public String ref() {
    return namespace + "/" + name;
  }
}
