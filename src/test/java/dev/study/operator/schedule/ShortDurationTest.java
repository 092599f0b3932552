package dev.study.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShortDurationTest {
  @ParameterizedTest
  @CsvSource({"90m,PT1H30M", "1h30m,PT1H30M", "24h,PT24H", "2d,PT48H", "1w,PT168H", "45s,PT45S", "1w2d,PT216H", "200ms,PT0.2S", "1s500ms,PT1.5S"})
  void parsesUnitsFromWeeksToSeconds(String text, String iso) {
    assertThat(ShortDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "90", "1.5h", "h", "1y", "30m1h", "-5m"})
  void rejectsAnythingElse(String text) {
    assertThatThrownBy(() -> ShortDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
