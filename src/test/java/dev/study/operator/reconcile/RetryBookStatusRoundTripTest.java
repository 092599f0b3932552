package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.SystemRetry;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.SystemKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler rebuilds its RetryBook from status.retries on every reconcile, so everything backoff depends on
 * (the failure count, the generation, permanence) must survive {@code new RetryBook(book.entries())}.
 */
class RetryBookStatusRoundTripTest {
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  /** A draw of 0.5 makes the n-th failure wait 2 s * 2^(n-1). */
  private final BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(4), Duration.ofMinutes(1), () -> 0.5);

  private static RetryBook reloaded(RetryBook book) {
    return new RetryBook(book.entries());
  }

  @Test
  void aBrandNewGroupWithoutStatusStartsWithAnEmptyBook() {
    RetryBook book = new RetryBook(null);

    assertThat(book.entries()).isEmpty();
    assertThat(book.isDue(SystemKind.CALENDAR, 1, NOW)).isTrue();
    assertThat(book.earliestRetry()).isEmpty();
  }

  @Test
  void backoffKeepsGrowingWhenEveryReconcileRebuildsTheBookFromStatus() {
    RetryBook book = new RetryBook(null);
    Instant now = NOW;
    for (int seconds : new int[] {2, 4, 8, 16}) {
      book = reloaded(book);
      Instant notBefore = book.recordFailure(SystemKind.DISCORD, 3, now, policy, null);
      assertThat(notBefore).isEqualTo(now.plusSeconds(seconds));
      now = notBefore;
    }
    assertThat(reloaded(book).entries()).singleElement().satisfies(r -> {
      assertThat(r.getFailures()).isEqualTo(4);
      assertThat(r.getGeneration()).isEqualTo(3L);
    });
  }

  @Test
  void aReloadedBookStillWaitsOutTheBackoffOfTheSameGeneration() {
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.CALENDAR, 5, NOW, policy, null);

    RetryBook next = reloaded(book);

    assertThat(next.isDue(SystemKind.CALENDAR, 5, NOW.plusSeconds(1))).isFalse();
    assertThat(next.isDue(SystemKind.CALENDAR, 6, NOW.plusSeconds(1))).as("a new generation is due at once").isTrue();
  }

  @Test
  void aPermanentFailureIsStillPermanentAfterTheRoundTrip() {
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null, true);
    book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null);

    RetryBook next = reloaded(book);

    assertThat(next.isPermanent(SystemKind.CALENDAR)).isTrue();
    assertThat(next.isPermanent(SystemKind.DISCORD)).isFalse();
    assertThat(next.isPermanent(SystemKind.RSVPS)).as("no entry at all").isFalse();
  }

  @Test
  void aRetryableFailureAfterAPermanentOneIsNoLongerPermanent() {
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null, true);
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null, false);

    assertThat(book.isPermanent(SystemKind.CALENDAR)).isFalse();
    assertThat(book.entries()).singleElement().satisfies(r -> assertThat(r.getPermanent())
        .as("written as absent, not false, so status stays small").isNull());
  }

  @Test
  void aVendorRetryAfterShorterThanTheBackoffDoesNotShortenIt() {
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null);
    book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null);

    assertThat(book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, Duration.ofSeconds(1)))
        .isEqualTo(NOW.plusSeconds(8));
  }

  @Test
  void anEntryWithAGenerationButNoFailureCountCountsAsTheFirstFailure() {
    SystemRetry handEdited = new SystemRetry();
    handEdited.setSystem(SystemKind.RSVPS.conditionType());
    handEdited.setGeneration(2L);
    handEdited.setNotBefore(NOW.toString());
    RetryBook book = new RetryBook(List.of(handEdited));

    assertThat(book.recordFailure(SystemKind.RSVPS, 2, NOW, policy, null)).isEqualTo(NOW.plusSeconds(2));
    assertThat(book.entries().get(0).getFailures()).isEqualTo(1);
  }

  @Test
  void clearingAllForgetsEverySystem() {
    RetryBook book = new RetryBook(null);
    book.recordFailure(SystemKind.DISCORD, 1, NOW, policy, null);
    book.recordFailure(SystemKind.CALENDAR, 1, NOW, policy, null, true);

    book.clearAll();

    assertThat(book.entries()).isEmpty();
    assertThat(book.earliestRetry()).isEmpty();
    assertThat(book.isPermanent(SystemKind.CALENDAR)).isFalse();
  }
}
