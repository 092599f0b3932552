package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.calendar.QuotaWindow.Grant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotaWindowTest {
  private static final Duration PATIENT = Duration.ofSeconds(2);
  /** A grant counts for a minute and two seconds of slack (see QuotaWindow.WINDOW). */
  private static final Duration MINUTE = Duration.ofMinutes(1).plusSeconds(2);
  private final AtomicLong nanos = new AtomicLong();
  private final QuotaWindow quota = new QuotaWindow(10, 6, nanos::get);

  @Test
  void aWholeMinutesUnitsGoAtOnce() {
    assertThat(quota.take(6, Duration.ZERO)).isEqualTo(new Grant(true, Duration.ZERO));
    assertThat(quota.take(4, Duration.ZERO)).isEqualTo(new Grant(true, Duration.ZERO));
  }

  @Test
  void theNextUnitWaitsUntilTheFirstGrantLeavesTheWindowAndSaysWhen() {
    quota.take(6, PATIENT);
    nanos.addAndGet(Duration.ofSeconds(20).toNanos());
    quota.take(4, PATIENT);

    assertThat(quota.take(1, PATIENT)).isEqualTo(new Grant(false, Duration.ofSeconds(42)));
    assertThat(quota.take(1, MINUTE)).isEqualTo(new Grant(true, Duration.ofSeconds(42)));
  }

  @Test
  void aRefusalTakesNothing() {
    quota.take(6, PATIENT);
    quota.take(4, PATIENT);
    assertThat(quota.take(3, PATIENT).granted()).isFalse();

    nanos.addAndGet(MINUTE.toNanos());

    assertThat(quota.take(6, Duration.ZERO).granted()).isTrue();
    assertThat(quota.take(4, Duration.ZERO).granted()).as("the refused 3 were never counted").isTrue();
  }

  @Test
  void unitsThatLeaveTheWindowAreFreeAgainExactlyAMinuteLater() {
    quota.take(6, PATIENT);
    quota.take(4, PATIENT);
    nanos.addAndGet(MINUTE.toNanos() - 1);
    assertThat(quota.take(1, Duration.ZERO)).isEqualTo(new Grant(false, Duration.ofNanos(1)));

    nanos.addAndGet(1);

    assertThat(quota.take(6, Duration.ZERO)).isEqualTo(new Grant(true, Duration.ZERO));
  }

  @Test
  void noMinuteEverHoldsMoreThanTheQuotaWhateverTheArrivals() {
    QuotaWindow window = new QuotaWindow(600, 100, nanos::get);
    Random random = new Random(7);
    List<long[]> sent = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      nanos.addAndGet(random.nextInt(200) * 1_000_000L);
      int units = 1 + random.nextInt(100);
      Grant g = window.take(units, Duration.ofSeconds(random.nextInt(90)));
      if (g.granted()) {
        sent.add(new long[] {nanos.get() + g.delay().toNanos(), units});
      }
    }
    for (long[] start : sent) {
      long inMinute = sent.stream().filter(s -> s[0] >= start[0] && s[0] < start[0] + MINUTE.toNanos())
          .mapToLong(s -> s[1]).sum();
      assertThat(inMinute).isLessThanOrEqualTo(600);
    }
    assertThat(sent).as("the quota was used, not refused wholesale").hasSizeGreaterThan(20);
  }

  @Test
  void grantsGoOutInTheOrderTheyWereTaken() {
    quota.take(6, PATIENT);
    quota.take(4, PATIENT);
    Grant first = quota.take(6, MINUTE);
    Grant second = quota.take(1, MINUTE);

    assertThat(second.delay()).isGreaterThanOrEqualTo(first.delay());
  }

  @Test
  void refusesAGrantLargerThanItsLargestOutright() {
    assertThatThrownBy(() -> quota.take(7, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuotaWindow(10, 2, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuotaWindow(10, 11, nanos::get)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weighsAPatchThreeUnits() {
    assertThat(QuotaCost.of(new EventWrite.Delete("e1"))).isEqualTo(1);
    assertThat(QuotaCost.PATCH).isEqualTo(3);
    quota.take(4, PATIENT);
    quota.take(QuotaCost.PATCH, PATIENT);
    quota.take(QuotaCost.PATCH, PATIENT);
    assertThat(quota.take(1, Duration.ZERO).granted()).as("4 + two patches spend the minute's ten").isFalse();
  }

  @Test
  void theDefaultQuotaStaysUnderGooglesSixHundredAMinute() {
    CalendarSettings defaults = CalendarSettings.of(java.nio.file.Path.of("key.json"));
    assertThat(defaults.requestsPerMinute()).isLessThanOrEqualTo(600);
    assertThat(defaults.withRequestsPerMinute(6).burst()).isEqualTo(QuotaCost.MAX);
  }

  @Test
  void aWaitExactlyAsLongAsThePatienceIsGrantedAndOneNanosecondLongerIsNot() {
    quota.take(6, PATIENT);
    quota.take(4, PATIENT);

    assertThat(quota.take(1, MINUTE.minusNanos(1)).granted()).isFalse();
    assertThat(quota.take(1, MINUTE)).isEqualTo(new Grant(true, MINUTE));
  }

  @Test
  void theLargestGrantIsWhatCallersSplitTheirBatchesTo() {
    assertThat(quota.largestGrant()).isEqualTo(6);
  }

  @Test
  void theSmallestQuotaTheOperatorAcceptsWorks() {
    QuotaWindow slowest = new QuotaWindow(QuotaCost.MAX, QuotaCost.MAX, nanos::get);

    assertThat(slowest.take(QuotaCost.MAX, Duration.ZERO).granted()).isTrue();
    assertThat(slowest.take(1, Duration.ofHours(1))).isEqualTo(new Grant(true, MINUTE));
  }
}
