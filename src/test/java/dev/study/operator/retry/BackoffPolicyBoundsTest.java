package dev.study.operator.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The edges OperatorConfig lets through (cap equal to base, large bases) and the ones it must not. */
class BackoffPolicyBoundsTest {
  @Test
  void aCapEqualToTheBaseIsAcceptedAndNeverGrows() {
    BackoffPolicy flat = new BackoffPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), () -> 1.0);

    assertThat(flat.ceiling(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(flat.ceiling(10)).isEqualTo(Duration.ofSeconds(30));
    assertThat(flat.delay(10)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aZeroBaseIsRefused() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofMinutes(1), () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNegativeBaseIsRefused() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(-1), Duration.ofMinutes(1), () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBaseOfHoursNeverOverflowsTheCeilingAfterManyFailures() {
    BackoffPolicy hours = new BackoffPolicy(Duration.ofHours(3), Duration.ofDays(1), () -> 1.0);

    assertThat(hours.ceiling(4)).isEqualTo(Duration.ofDays(1));
    assertThat(hours.ceiling(1000)).isEqualTo(Duration.ofDays(1));
    assertThat(hours.delay(1000)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void reportsTheBaseAndCapItWasGiven() {
    BackoffPolicy p = new BackoffPolicy(Duration.ofSeconds(5), Duration.ofMinutes(2), () -> 0.5);

    assertThat(p.base()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.cap()).isEqualTo(Duration.ofMinutes(2));
  }
}
