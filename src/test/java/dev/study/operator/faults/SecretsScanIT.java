package dev.study.operator.faults;

import static dev.study.operator.testing.FullStack.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.OperatorSystems;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 9: the operator's error paths run with every log captured at every level (root logger and
 * Google's java.util.logging): a Discord token Discord refuses, a Calendar key Google does not know, and a
 * DATABASE_URL with a password in it pointing at nothing. Logs, every Event and every status written are then
 * searched for the token, the key and the password: 0 hits.
 */
class SecretsScanIT {
  private static final String DATABASE_PASSWORD = "pw-Secr3t-9f2c71d0";
  private static final String REFUSED_TOKEN = "MTk5OTk5OTk5OTk5OTk5OTk5.GrEfU.refused-token-abcdef012345";

  @TempDir
  Path dir;

  @Test
  void noTokenKeyOrPasswordInLogsEventsOrStatusOnTheErrorPaths() throws Exception {
    ServiceAccountKey unknownKey = ServiceAccountKey.write(Files.createDirectories(dir.resolve("unknown")),
        "http://127.0.0.1:1/token");
    List<String> secrets = new ArrayList<>(List.of(FullStack.TOKEN, REFUSED_TOKEN, DATABASE_PASSWORD));
    secrets.addAll(unknownKey.privateKeyBody().lines().filter(l -> l.length() >= 16).toList());

    String logs;
    List<String> written = new ArrayList<>();
    try (CapturedLogs captured = CapturedLogs.everything(); FullStack stack = new FullStack(dir)) {
      runWithARefusedDiscordToken(stack);
      OperatorHarness harness = stack.start(Map.of(
          "GOOGLE_APPLICATION_CREDENTIALS", keyTrustedByNobody(stack, unknownKey).toString(),
          "DATABASE_URL", "postgres://studygroup:" + DATABASE_PASSWORD + "@127.0.0.1:" + closedPort() + "/studygroups"));
      harness.create(stack.group("g1", "alice"));
      // whatever reason the refused key is reported under, Calendar must say False
      StudyGroup g = stack.awaitGroup("g1",
          x -> OperatorHarness.condition(x, "CalendarSynced").filter(c -> "False".equals(c.getStatus())).isPresent());
      await().atMost(OperatorHarness.WAIT).until(() -> OperatorHarness.condition(harness.get(NS, "g1"),
          "RemindersSynced").filter(c -> "DatabaseUnavailable".equals(c.getReason())).isPresent());
      written.add(Serialization.asYaml(harness.get(NS, "g1").getStatus()));
      harness.client().v1().events().inNamespace(NS).list().getItems()
          .forEach(e -> written.add(e.getReason() + " " + e.getMessage()));
      logs = captured.text();
      assertThat(g).isNotNull();
    }

    // the error paths ran: without these the scan would prove nothing
    assertThat(logs).containsIgnoringCase("discord").containsIgnoringCase("postgres");
    assertThat(String.join("\n", written)).contains("DatabaseUnavailable");
    Figures figures = new Figures("secrets scan").put("logChars", logs.length()).put("eventsAndStatuses", written.size())
        .put("secretsSearched", secrets.size());
    for (String secret : secrets) {
      assertThat(logs).as("a secret in the logs").doesNotContain(secret);
      assertThat(String.join("\n", written)).as("a secret in an Event or status").doesNotContain(secret);
    }
    figures.put("hits", 0).print();
  }

  /** The operator's Discord wiring with a token Discord answers 401 (and 4004 on the gateway) to. */
  private static void runWithARefusedDiscordToken(FullStack stack) throws Exception {
    Map<String, String> env = stack.env();
    env.put("DISCORD_TOKEN", REFUSED_TOKEN);
    env.remove("DATABASE_URL");
    env.remove("GOOGLE_APPLICATION_CREDENTIALS");
    OperatorSystems systems = SystemsFactory.fromConfig(OperatorConfig.load(env), stack.clock, new SimpleMeterRegistry());
    ReconnectingDiscordAccess session = systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
        .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow();
    assertThat(session.awaitSession(Duration.ofSeconds(3))).as("a refused token logs in nowhere").isFalse();
    for (AutoCloseable r : systems.resources()) {
      r.close();
    }
  }

  /** The unknown key, re-pointed at the fake's token endpoint, which has never been told to trust it. */
  private static Path keyTrustedByNobody(FullStack stack, ServiceAccountKey key) throws Exception {
    String json = Files.readString(key.file()).replace("http://127.0.0.1:1/token", stack.calendar.tokenUri());
    return Files.writeString(key.file(), json);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
