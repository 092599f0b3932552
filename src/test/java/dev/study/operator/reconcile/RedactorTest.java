package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void masksEveryOccurrenceOfEverySecret() {
    Redactor r = new Redactor(List.of("token-abcdef", "p4ssw0rd!"));
    assertThat(r.redact("auth token-abcdef failed; retry with token-abcdef; pw p4ssw0rd!"))
        .isEqualTo("auth *** failed; retry with ***; pw ***");
  }

  @Test
  void ignoresSecretsTooShortToBeMeaningful() {
    assertThat(new Redactor(List.of("abc", "")).redact("abc def")).isEqualTo("abc def");
  }
}
