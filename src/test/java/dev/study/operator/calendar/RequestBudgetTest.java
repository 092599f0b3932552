package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.calendar.RequestBudget.Grant;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
  private static final Duration PATIENT = Duration.ofSeconds(2);
  private final AtomicLong nanos = new AtomicLong();
  private final RequestBudget budget = new RequestBudget(60, 6, nanos::get);

  @Test
  void letsTheBurstThroughAtOnce() {
    assertThat(budget.take(6, PATIENT)).isEqualTo(new Grant(true, Duration.ZERO));
  }

  @Test
  void grantsUnitsThatAreThereWithinThePatienceAfterAShortWait() {
    budget.take(6, PATIENT);
    assertThat(budget.take(1, PATIENT)).isEqualTo(new Grant(true, Duration.ofSeconds(1)));
  }

  @Test
  void refusesWithoutTakingWhenTheUnitsComeOnlyLaterAndSaysWhen() {
    budget.take(6, PATIENT);

    assertThat(budget.take(3, PATIENT)).isEqualTo(new Grant(false, Duration.ofSeconds(3)));
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(budget.take(3, Duration.ZERO)).as("the refusal took nothing").isEqualTo(new Grant(true, Duration.ZERO));
  }

  @Test
  void neverWaitsBeyondThePatienceEvenInDebt() {
    budget.take(6, PATIENT);
    assertThat(budget.take(2, PATIENT)).isEqualTo(new Grant(true, Duration.ofSeconds(2)));
    assertThat(budget.take(1, PATIENT)).isEqualTo(new Grant(false, Duration.ofSeconds(3)));
  }

  @Test
  void refillsWithTimeUpToTheBurst() {
    budget.take(6, PATIENT);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(budget.take(2, Duration.ZERO).granted()).isTrue();
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(budget.take(6, Duration.ZERO).granted()).isTrue();
    assertThat(budget.take(1, Duration.ZERO)).isEqualTo(new Grant(false, Duration.ofSeconds(1)));
  }

  @Test
  void refusesARequestLargerThanTheBurstOutright() {
    assertThatThrownBy(() -> budget.take(7, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weighsAPatchThreeUnits() {
    assertThat(QuotaCost.of(new EventWrite.Delete("e1"))).isEqualTo(1);
    assertThat(QuotaCost.PATCH).isEqualTo(3);
    budget.take(3, PATIENT);
    budget.take(QuotaCost.PATCH, PATIENT);
    assertThat(budget.take(1, Duration.ZERO)).as("two patches spend six units").isEqualTo(
        new Grant(false, Duration.ofSeconds(1)));
  }

  @Test
  void defaultBurstKeepsAnyMinuteWithinGooglesSixHundred() {
    CalendarSettings defaults = CalendarSettings.of(java.nio.file.Path.of("key.json"));
    assertThat(defaults.burst() + defaults.requestsPerMinute()).isLessThanOrEqualTo(600);
    assertThat(defaults.withRequestsPerMinute(6).burst()).isEqualTo(QuotaCost.MAX);
  }
}
