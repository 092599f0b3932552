package dev.study.operator.discord.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.store.PoolSettings;
import dev.study.operator.testing.RestartablePostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The welcome ledger's database errors, against a real PostgreSQL the test stops and starts. */
class JdbiWelcomeLedgerIT {
  @Test
  void failsAsDatabaseUnavailableWhilePostgresIsAwayAndWorksAgainAfter() throws Exception {
    try (RestartablePostgres pg = RestartablePostgres.started();
         Database db = Database.start(pg.jdbcUrl(), "postgres", null, null,
             new PoolSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5)),
             Duration.ofMillis(100), Duration.ofMillis(500))) {
      WelcomeLedger ledger = new JdbiWelcomeLedger(db);
      await().atMost(Duration.ofSeconds(30)).until(db::ready);
      assertThat(ledger.read("u1").initialized()).isFalse();

      pg.stop();
      // What WelcomingDiscordSync catches, so channel access goes on and the welcomes report DatabaseUnavailable.
      assertThatThrownBy(() -> ledger.read("u1")).isInstanceOf(DatabaseUnavailable.class)
          .satisfies(e -> assertThat(((DatabaseUnavailable) e).retryable()).isTrue());

      pg.start();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> !ledger.read("u1").initialized());
    }
  }
}
