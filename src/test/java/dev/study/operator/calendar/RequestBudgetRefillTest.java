package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.calendar.RequestBudget.Grant;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The budget refills at its rate, never the whole burst at once, or the client-side limit stops working beyond
 * the burst and Google answers with 403 quota errors. At 60 units a minute, one unit comes back each second.
 */
class RequestBudgetRefillTest {
  private final AtomicLong nanos = new AtomicLong();
  private final RequestBudget budget = new RequestBudget(60, 6, nanos::get);

  @Test
  void oneSecondAfterTheBurstIsSpentOnlyOneUnitIsBack() {
    budget.take(6, Duration.ZERO);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(budget.take(2, Duration.ofSeconds(5))).isEqualTo(new Grant(true, Duration.ofSeconds(1)));
  }

  @Test
  void halfASecondRefillsHalfAUnit() {
    budget.take(6, Duration.ZERO);
    nanos.addAndGet(Duration.ofMillis(500).toNanos());

    assertThat(budget.take(1, Duration.ZERO)).isEqualTo(new Grant(false, Duration.ofMillis(500)));
  }

  @Test
  void unitsThatAreThereAreGrantedWithoutAnyWait() {
    assertThat(budget.take(1, Duration.ZERO)).isEqualTo(new Grant(true, Duration.ZERO));
    assertThat(budget.take(4, Duration.ZERO)).isEqualTo(new Grant(true, Duration.ZERO));
  }

  @Test
  void aWaitExactlyAsLongAsThePatienceIsGranted() {
    budget.take(6, Duration.ZERO);

    assertThat(budget.take(2, Duration.ofSeconds(2))).isEqualTo(new Grant(true, Duration.ofSeconds(2)));
  }

  @Test
  void theBurstIsTheLargestGrant() {
    assertThat(budget.burst()).isEqualTo(6);
  }

  @Test
  void theSmallestRateAndBurstOperatorConfigAllowsAreAccepted() {
    RequestBudget slowest = new RequestBudget(1, QuotaCost.MAX, nanos::get);

    assertThat(slowest.burst()).isEqualTo(QuotaCost.MAX);
    assertThat(slowest.take(QuotaCost.MAX, Duration.ZERO).granted()).isTrue();
    assertThat(slowest.take(1, Duration.ofHours(1))).isEqualTo(new Grant(true, Duration.ofMinutes(1)));
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThatThrownBy(() -> new RequestBudget(0, 6, nanos::get)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBurstSmallerThanTheLargestCallIsRefused() {
    assertThatThrownBy(() -> new RequestBudget(60, QuotaCost.MAX - 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
