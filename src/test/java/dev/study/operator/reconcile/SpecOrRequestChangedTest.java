package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.testing.StudyGroups;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOrRequestChangedTest {
  private final SpecOrRequestChanged filter = new SpecOrRequestChanged();

  private static StudyGroup group(long generation) {
    StudyGroup g = StudyGroups.group("course", "g1", "alice");
    g.getMetadata().setGeneration(generation);
    return g;
  }

  @Test
  void ourOwnStatusWriteReconcilesNothing() {
    StudyGroup before = group(3);
    StudyGroup after = group(3);
    after.setStatus(new StudyGroupStatus());
    after.getMetadata().setResourceVersion("42");

    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void aSpecChangeTheFinalizerAndADeletionMarkReconcile() {
    assertThat(filter.accept(group(4), group(3))).isTrue();
    StudyGroup finalized = group(3);
    finalized.getMetadata().setFinalizers(List.of("studygroups.study.dev/finalizer"));
    assertThat(filter.accept(finalized, group(3))).isTrue();
    StudyGroup deleting = group(3);
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z");
    assertThat(filter.accept(deleting, group(3))).isTrue();
  }

  @Test
  void theTwoRequestAnnotationsReconcileButOtherAnnotationsDoNot() {
    StudyGroup requested = group(3);
    requested.getMetadata().setAnnotations(Map.of(StudyGroupReconciler.RECONCILE_REQUESTED_AT, "now"));
    StudyGroup approved = group(3);
    approved.getMetadata().setAnnotations(Map.of(RemovalGuard.APPROVE_ANNOTATION, "3"));
    StudyGroup other = group(3);
    other.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/tracking-id", "x"));

    assertThat(filter.accept(requested, group(3))).isTrue();
    assertThat(filter.accept(approved, group(3))).isTrue();
    assertThat(filter.accept(other, group(3))).isFalse();
  }
}
