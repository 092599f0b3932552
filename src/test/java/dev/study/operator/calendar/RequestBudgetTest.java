package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
  private final AtomicLong nanos = new AtomicLong();
  private final RequestBudget budget = new RequestBudget(60, 5, nanos::get);

  @Test
  void letsTheBurstThroughAtOnce() {
    assertThat(budget.reserve(5)).isZero();
  }

  @Test
  void makesTheCallerWaitForPermitsBeyondTheBurst() {
    assertThat(budget.reserve(5)).isZero();
    assertThat(budget.reserve(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.reserve(2)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void letsABatchLargerThanTheBurstThroughAfterPayingItsDebt() {
    assertThat(budget.reserve(8)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refillsWithTimeUpToTheBurst() {
    budget.reserve(5);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(budget.reserve(2)).isZero();
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(budget.reserve(5)).isZero();
    assertThat(budget.reserve(1)).isEqualTo(Duration.ofSeconds(1));
  }
}
