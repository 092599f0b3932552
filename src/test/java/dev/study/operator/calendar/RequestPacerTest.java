package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.SyncException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backoff inside one port call: BackoffPolicy's ceilings, a full-jitter draw, within the wait allowance. */
class RequestPacerTest {
  private final List<Duration> slept = new ArrayList<>();

  private RequestPacer pacer(double draw, int attempts, Duration maxWait) {
    CalendarSettings settings = CalendarSettings.of(Path.of("unused.json"))
        .withRetries(attempts, Duration.ofSeconds(1), Duration.ofSeconds(4)).withMaxWait(maxWait);
    return new RequestPacer(new QuotaWindow(600, 100, () -> 0L), slept::add, () -> draw, settings);
  }

  @Test
  void retriesWaitADrawOfACeilingThatDoublesUpToTheCap() throws SyncException {
    RequestPacer.Allowance allowance = pacer(0.25, 5, Duration.ofSeconds(10)).allowance();

    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(allowance.backoff(attempt)).isTrue();
    }

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }

  @Test
  void noRetryOnceTheAttemptsAreUsedUp() throws SyncException {
    assertThat(pacer(0.5, 2, Duration.ofSeconds(10)).allowance().backoff(2)).isFalse();
    assertThat(slept).isEmpty();
  }

  @Test
  void aWaitThatDoesNotFitTheAllowanceIsNotSlept() throws SyncException {
    RequestPacer.Allowance allowance = pacer(1.0, 5, Duration.ofMillis(2500)).allowance();

    assertThat(allowance.backoff(1)).isTrue();
    assertThat(allowance.backoff(2)).as("2 s more would make 3 s of 2.5 s").isFalse();
    assertThat(slept).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void givingUpHandsTheNextCeilingToTheReconciler() {
    SyncException last = SyncException.retryable(CalendarReasons.RATE_LIMITED, "list events: HTTP 429", null);

    SyncException stop = pacer(0.5, 3, Duration.ofSeconds(10)).gaveUp(last, 3);

    assertThat(stop.retryable()).isTrue();
    assertThat(stop.retryAfter()).contains(Duration.ofSeconds(4));
    assertThat(stop.getMessage()).isEqualTo("list events: HTTP 429; gave up after 3 attempt(s)");
  }
}
