package dev.study.operator.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  private static BackoffPolicy policy(double draw) {
    return new BackoffPolicy(Duration.ofSeconds(5), Duration.ofMinutes(2), () -> draw);
  }

  @Test
  void ceilingDoublesPerFailureUpToTheCap() {
    BackoffPolicy p = policy(1.0);
    assertThat(p.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.ceiling(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.ceiling(5)).isEqualTo(Duration.ofSeconds(80));
    assertThat(p.ceiling(6)).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.ceiling(1000)).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void fullJitterDrawsBetweenTheFloorAndTheCeiling() {
    assertThat(policy(0.5).delay(3)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy(0.999).delay(3)).isEqualTo(Duration.ofMillis(19980));
    // A zero draw is lifted to the one-second floor, never an immediate retry.
    assertThat(policy(0.0).delay(3)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void delaysOfOneFailureCountSpreadOut() {
    Random seeded = new Random(42);
    BackoffPolicy p = new BackoffPolicy(Duration.ofSeconds(5), Duration.ofMinutes(2), seeded::nextDouble);
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Duration d = p.delay(4);
      assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(40));
      seen.add(d);
    }
    assertThat(seen).hasSizeGreaterThan(15);
  }

  @Test
  void aCapBelowTheBaseIsRefused() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofMinutes(1), Duration.ofSeconds(1), () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAFloorAZeroDrawWaitsNothingAndTheCeilingsStayTheSame() {
    BackoffPolicy floored = new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), () -> 0.0);
    BackoffPolicy bare = floored.withFloor(Duration.ZERO);

    assertThat(floored.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(bare.delay(1)).isZero();
    assertThat(bare.ceiling(3)).isEqualTo(floored.ceiling(3))
        .isEqualTo(Duration.ofSeconds(2));
  }
}
