package dev.study.operator.reconcile;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.SystemKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBookTest {
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private final BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(4), Duration.ofMinutes(1), () -> 0.5);

  @Test
  void countsConsecutiveFailuresAndWaitsLongerEachTime() {
    RetryBook book = new RetryBook(List.of());
    assertThat(book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null)).isEqualTo(NOW.plusSeconds(2));
    assertThat(book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null)).isEqualTo(NOW.plusSeconds(4));
    assertThat(book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null)).isEqualTo(NOW.plusSeconds(8));
    assertThat(book.entries()).singleElement().satisfies(r -> assertThat(r.getFailures()).isEqualTo(3));
  }

  @Test
  void isNotDueBeforeItsTimeButDueAtOnceForANewGeneration() {
    RetryBook book = new RetryBook(List.of());
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null);

    assertThat(book.isDue(SystemKind.CALENDAR, 1, NOW.plusSeconds(1))).isFalse();
    assertThat(book.isDue(SystemKind.CALENDAR, 1, NOW.plusSeconds(2))).isTrue();
    assertThat(book.isDue(SystemKind.CALENDAR, 2, NOW.plusSeconds(1))).isTrue();
    assertThat(book.isDue(SystemKind.DISCORD, 1, NOW)).isTrue();
  }

  @Test
  void aNewGenerationRestartsTheCount() {
    RetryBook book = new RetryBook(List.of());
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null);
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null);
    book.recordFailure(SystemKind.CALENDAR, 2, NOW, policy, null);
    assertThat(book.entries().get(0).getFailures()).isEqualTo(1);
  }

  @Test
  void aVendorRetryAfterLongerThanTheBackoffWins() {
    RetryBook book = new RetryBook(List.of());
    assertThat(book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, Duration.ofSeconds(30)))
        .isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void survivesARoundTripThroughStatusAndClearsOnSuccess() {
    RetryBook book = new RetryBook(List.of());
    book.recordFailure(SystemKind.RSVPS, 1, NOW, policy, null);
    book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, Duration.ofSeconds(9));

    RetryBook reloaded = new RetryBook(book.entries());
    assertThat(reloaded.entries()).extracting(r -> r.getSystem()).containsExactly("DiscordSynced", "RsvpsSynced");
    assertThat(reloaded.earliestRetry()).contains(NOW.plusSeconds(2));

    reloaded.clear(SystemKind.RSVPS);
    assertThat(reloaded.earliestRetry()).contains(NOW.plusSeconds(9));
  }

  @Test
  void aDeferralWaitsExactlyItsTimeAndLeavesTheFailureCountAsItWas() {
    Instant now = Instant.parse("2026-12-01T09:00:00Z");
    BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), () -> 1.0);
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.CALENDAR, 3, now, policy, null);
    book.recordFailure(SystemKind.CALENDAR, 3, now, policy, null);

    book.defer(SystemKind.CALENDAR, 3, now, Duration.ofSeconds(7));
    book.defer(SystemKind.CALENDAR, 3, now, Duration.ofSeconds(7));

    assertThat(book.entries()).singleElement().satisfies(r -> {
      assertThat(r.getFailures()).isEqualTo(2);
      assertThat(r.getNotBefore()).isEqualTo("2026-12-01T09:00:07Z");
      assertThat(r.getPermanent()).isNull();
    });
    assertThat(book.isDue(SystemKind.CALENDAR, 3, now.plusSeconds(7))).isTrue();
    assertThat(book.isDue(SystemKind.CALENDAR, 3, now.plusSeconds(6))).isFalse();
    RetryBook fresh = new RetryBook(null);
    fresh.defer(SystemKind.CALENDAR, 3, now, Duration.ofSeconds(7));
    assertThat(fresh.entries()).singleElement().satisfies(r -> assertThat(r.getFailures()).isZero());
  }
}
