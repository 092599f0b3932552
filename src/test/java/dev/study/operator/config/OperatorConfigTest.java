package dev.study.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaultsNeedNoSettingAtAll() {
    OperatorConfig c = OperatorConfig.load(Map.of());

    assertThat(c.watchNamespaces()).isEmpty();
    assertThat(c.resyncInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.backoffBase()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.backoffCap()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.allowedGuilds()).isEmpty();
    assertThat(c.database()).isEmpty();
    assertThat(c.discordToken()).isEmpty();
    assertThat(c.discordApiUrl().toString()).isEqualTo("https://discord.com/api/v10/");
    assertThat(c.leaderElection()).isFalse();
  }

  @Test
  void readsListsDurationsAndUrls() {
    OperatorConfig c = OperatorConfig.load(Map.of(
        "WATCH_NAMESPACES", "course, cohort-8",
        "RESYNC_INTERVAL", "2m",
        "ALLOWED_DISCORD_GUILDS", "100000000000000001,100000000000000002",
        "ALLOWED_DISCORD_CATEGORIES", "400000000000000001",
        "DISCORD_API_URL", "http://127.0.0.1:9999/api/v10/"));

    assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("course", "cohort-8");
    assertThat(c.resyncInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.allowedGuilds()).hasSize(2);
    assertThat(c.allowedDiscordCategories()).containsExactly("400000000000000001");
    assertThat(c.discordApiUrl().getPort()).isEqualTo(9999);
  }

  @Test
  void aMalformedSettingIsNamedInTheError() {
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("RESYNC_INTERVAL", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("RESYNC_INTERVAL");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("BACKOFF_BASE", "1m", "BACKOFF_CAP", "10s")))
        .hasMessageContaining("BACKOFF_CAP");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DISCORD_API_URL", "not a url")))
        .hasMessageContaining("DISCORD_API_URL");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DATABASE_URL", "mysql://x")))
        .hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("LEADER_ELECTION", "true")))
        .hasMessageContaining("LEADER_ELECTION_NAMESPACE");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/nope/key.json")))
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void readsSecretsFromFilesAndNeverPrintsThem() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "bot-token-from-a-secret\n");
    Path password = Files.writeString(dir.resolve("pw"), "db-password-from-a-secret");
    Map<String, String> env = new HashMap<>();
    env.put("DISCORD_TOKEN_FILE", token.toString());
    env.put("DATABASE_URL", "postgres://operator@db.internal:5432/studygroups?sslmode=require");
    env.put("DATABASE_PASSWORD_FILE", password.toString());

    OperatorConfig c = OperatorConfig.load(env);

    assertThat(c.discordToken()).get().extracting(Secret::value).isEqualTo("bot-token-from-a-secret");
    assertThat(c.database()).get().satisfies(db -> {
      assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/studygroups?sslmode=require");
      assertThat(db.user()).isEqualTo("operator");
      assertThat(db.password().value()).isEqualTo("db-password-from-a-secret");
    });
    assertThat(c.toString()).doesNotContain("bot-token-from-a-secret").doesNotContain("db-password-from-a-secret");
    assertThat(c.secretValues()).contains("bot-token-from-a-secret", "db-password-from-a-secret");
  }

  @Test
  void takesThePasswordFromAPostgresUrl() {
    OperatorConfig c = OperatorConfig.load(Map.of("DATABASE_URL", "postgres://sg:p%40ss@localhost/sg"));
    assertThat(c.database().get().password().value()).isEqualTo("p@ss");
    assertThat(c.database().get().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/sg");
  }

  @Test
  void refusesASecretGivenTwice() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "x");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("DISCORD_TOKEN", "y", "DISCORD_TOKEN_FILE", token.toString())))
        .hasMessageContaining("DISCORD_TOKEN_FILE");
  }

  @Test
  void masksTheServiceAccountPrivateKey() throws Exception {
    String key = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n";
    Path file = Files.writeString(dir.resolve("sa.json"), "{\"type\":\"service_account\",\"private_key\":\"" + key + "\"}");

    OperatorConfig c = OperatorConfig.load(Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString()));

    assertThat(c.secretValues()).contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
  }

  @Test
  void leaseTimingsDefaultToClientGosAndMustBeOrdered() {
    OperatorConfig defaults = OperatorConfig.load(Map.of());
    assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.leaseRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.leaseRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(OperatorConfig.load(Map.of("LEADER_ELECTION_LEASE_DURATION", "6s", "LEADER_ELECTION_RENEW_DEADLINE",
        "4s", "LEADER_ELECTION_RETRY_PERIOD", "1s")).leaseDuration()).isEqualTo(Duration.ofSeconds(6));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorConfig.load(Map.of(
            "LEADER_ELECTION_LEASE_DURATION", "5s", "LEADER_ELECTION_RENEW_DEADLINE", "10s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("LEADER_ELECTION_RENEW_DEADLINE");
  }
}
