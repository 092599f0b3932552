package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The edges of redaction: the shortest secret that is still masked, and absent secrets or text. */
class RedactorShortSecretsTest {
  @Test
  void masksASecretOfExactlySixCharacters() {
    assertThat(new Redactor(java.util.List.of("s3cr3t")).redact("password s3cr3t refused"))
        .isEqualTo("password *** refused");
  }

  @Test
  void ignoresASecretThatIsNotSet() {
    Redactor r = new Redactor(Arrays.asList(null, "token-abcdef"));

    assertThat(r.redact("bad token-abcdef")).isEqualTo("bad ***");
  }

  @Test
  void noTextStaysNoText() {
    assertThat(new Redactor(java.util.List.of("token-abcdef")).redact(null)).isNull();
  }

  @Test
  void redactingWithNoSecretsChangesNothing() {
    assertThat(Redactor.none().redact("503 from discord.com")).isEqualTo("503 from discord.com");
  }
}
