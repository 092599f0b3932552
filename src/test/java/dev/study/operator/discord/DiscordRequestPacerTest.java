package dev.study.operator.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiscordRequestPacerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void requestsArrivingTogetherAreSpacedEvenlyAtTheRate() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, n -> {});

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(pacer.reserve());
    }

    assertThat(waits).containsExactly(0L, 20_000_000L, 40_000_000L, 60_000_000L);
  }

  @Test
  void aQuietSpellEarnsNoBurst() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, n -> {});
    pacer.reserve();
    now.addAndGet(5_000_000_000L);

    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).as("the next slot is one interval on, not free").isEqualTo(20_000_000L);
  }

  @Test
  void noSecondHoldsMoreRequestsThanTheRateWhateverTheArrivals() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(45, now::get, n -> {});
    long start = now.get();
    int inFirstSecond = 0;
    for (int i = 0; i < 200; i++) {
      long sendAt = now.get() + pacer.reserve();
      if (sendAt - start < 1_000_000_000L) {
        inFirstSecond++;
      }
      now.addAndGet(3_000_000L);
    }

    assertThat(inFirstSecond).isEqualTo(45);
  }

  @Test
  void refusesARateBelowOne() {
    assertThatThrownBy(() -> new DiscordRequestPacer(0, now::get, n -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
