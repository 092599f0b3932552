package dev.study.operator.schedule;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Callers catch IllegalArgumentException to name the field; a missing or blank text must throw that, not NPE. */
class ShortDurationMissingTextTest {
  @Test
  void noTextIsNotADuration() {
    assertThatThrownBy(() -> ShortDuration.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
  }

  @Test
  void blankTextIsNotADuration() {
    assertThatThrownBy(() -> ShortDuration.parse("   ")).isInstanceOf(IllegalArgumentException.class);
  }
}
