package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether a reconcile changed anything decides whether it is logged and reported as an Event. */
class ChangeSummaryChangedTest {
  @Test
  void aReconcileWithoutReportsChangedNothing() {
    ChangeSummary none = ChangeSummary.of(Map.of());

    assertThat(none.changed()).isFalse();
    assertThat(ChangeSummary.NONE.changed()).isFalse();
  }

  @Test
  void aSummaryWithTextIsAChange() {
    assertThat(new ChangeSummary("discord granted=1").changed()).isTrue();
  }
}
