package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a StudyGroup start a reconcile: a new generation (a spec change), a change of finalizers or
 * a deletion mark (what JOSDK's own generation-aware filter lets through), and a change of the annotations a
 * person sets to ask for something now: reconcile-requested-at and approve-removal. JOSDK's generation filter
 * alone would drop those, since annotations do not bump the generation; our own status writes still reconcile
 * nothing.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<StudyGroup> {

  @Override
  public boolean accept(StudyGroup updated, StudyGroup old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || statusBehindSpec(updated)
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), old.getMetadata().getDeletionTimestamp())
        || !Objects.equals(annotation(updated, StudyGroupReconciler.RECONCILE_REQUESTED_AT),
            annotation(old, StudyGroupReconciler.RECONCILE_REQUESTED_AT))
        || !Objects.equals(annotation(updated, RemovalGuard.APPROVE_ANNOTATION),
            annotation(old, RemovalGuard.APPROVE_ANNOTATION));
  }

  /**
   * A status written for an older generation than the object now has: our status patch of generation N landed
   * after a person's edit to N+1 (it is a patch of the status subresource, so it does not conflict). JOSDK may
   * then take the edit's event as already handled, and the new spec would wait for the resync; this makes the
   * status write's own event reconcile it.
   */
  private static boolean statusBehindSpec(StudyGroup group) {
    Long observed = group.getStatus() == null ? null : group.getStatus().getObservedGeneration();
    return observed != null && !observed.equals(group.getMetadata().getGeneration());
  }

  private static String annotation(StudyGroup group, String key) {
    Map<String, String> annotations = group.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
