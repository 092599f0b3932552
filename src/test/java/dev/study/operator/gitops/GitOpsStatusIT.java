package dev.study.operator.gitops;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check and Flux's view (kstatus, and the recommended healthCheckExprs) applied to statuses
 * the operator itself wrote, in each state a GitOps tool meets: no status yet, Ready, a generation not yet
 * observed, a failure retrying cannot fix, one being retried, a claimed channel, suspended, and a deletion whose
 * cleanup is retried. This is what docs/gitops.md claims.
 */
class GitOpsStatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "course";
  private final RecordingSystem discord = new RecordingSystem(SystemKind.DISCORD);
  private final List<RecordingSystem> systems = List.of(discord, new RecordingSystem(SystemKind.CALENDAR),
      new RecordingSystem(SystemKind.REMINDERS), new RecordingSystem(SystemKind.RSVPS));
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static JsonNode json(StudyGroup g) throws Exception {
    return JSON.readTree(Serialization.asJson(g));
  }

  @Test
  void argoCdAndFluxReadTheOperatorsStatusesAsDocumented() throws Exception {
    harness = OperatorHarness.start(List.copyOf(systems), new MutableClock(Instant.parse("2026-12-01T00:00:00Z")));

    // created, no status yet: Argo CD waits; kstatus alone would already say Current; Flux's expressions cannot
    // be evaluated (status is unbound), which Flux reports as Unknown and polls again
    JsonNode fresh = json(harness.create(StudyGroups.group(NS, "g1", "alice", "bob")));
    assertThat(fresh.has("status")).isFalse();
    assertThat(ArgoCdHealth.of(fresh).status()).isEqualTo("Progressing");
    assertThat(FluxStatus.kstatus(fresh)).isEqualTo("Current");
    assertThat(FluxStatus.evaluate(fresh).status()).isEqualTo("Unknown");
    assertThat(FluxStatus.evaluate(fresh).error()).contains("status");

    JsonNode ready = json(harness.awaitGroup(NS, "g1", hasCondition("Ready", "True", Reasons.READY)));
    assertThat(ArgoCdHealth.of(ready).status()).isEqualTo("Healthy");
    assertThat(FluxStatus.kstatus(ready)).isEqualTo("Current");
    assertThat(FluxStatus.withExpressions(ready)).isEqualTo("Current");

    // what a tool sees right after it changed the spec, before the operator reconciled: generation ahead
    ObjectNode changed = ready.deepCopy();
    ((ObjectNode) changed.get("metadata")).put("generation", ready.path("metadata").path("generation").asLong() + 1);
    assertThat(ArgoCdHealth.of(changed).status()).isEqualTo("Progressing");
    assertThat(ArgoCdHealth.of(changed).message()).contains("observe generation");
    assertThat(FluxStatus.kstatus(changed)).isEqualTo("InProgress");
    assertThat(FluxStatus.withExpressions(changed)).isEqualTo("InProgress");

    discord.failWith(SyncException.permanent("ChannelNotFound", "channel 200000000000000001 not found", null));
    harness.edit(NS, "g1", g -> {
      g.getSpec().setDisplayName("Group one");
      return g;
    });
    JsonNode failing = json(harness.awaitGroup(NS, "g1", hasCondition("DiscordSynced", "False", "ChannelNotFound")));
    assertThat(ArgoCdHealth.of(failing).status()).isEqualTo("Degraded");
    // Ready's message only: the False Reconciling condition is not listed as a failure
    assertThat(ArgoCdHealth.of(failing).message()).contains("channel 200000000000000001 not found")
        .doesNotContain("Reconciling");
    // kstatus reads Stalled, which a failure retrying cannot fix sets
    assertThat(FluxStatus.kstatus(failing)).isEqualTo("Failed");
    assertThat(FluxStatus.withExpressions(failing)).isEqualTo("Failed");

    discord.failWith(SyncException.retryable("DiscordError", "503 from Discord", null));
    harness.edit(NS, "g1", g -> {
      g.getSpec().setDisplayName("Group one, again");
      return g;
    });
    JsonNode retrying = json(harness.awaitGroup(NS, "g1", hasCondition("DiscordSynced", "False", "DiscordError")));
    assertThat(retrying.path("status").path("conditions").findValuesAsText("type")).contains("Reconciling", "Stalled");
    // a failure that retrying may fix is still converging, for all three
    assertThat(ArgoCdHealth.of(retrying).status()).isEqualTo("Progressing");
    assertThat(ArgoCdHealth.of(retrying).message()).startsWith("Retrying: ").contains("503 from Discord");
    assertThat(FluxStatus.kstatus(retrying)).isEqualTo("InProgress");
    assertThat(FluxStatus.withExpressions(retrying)).isEqualTo("InProgress");

    discord.recover();
    harness.edit(NS, "g1", g -> {
      g.getSpec().setSuspend(true);
      g.getSpec().getMembers().add(StudyGroups.member("carol"));
      return g;
    });
    JsonNode suspended = json(harness.awaitGroup(NS, "g1", hasCondition("DiscordSynced", "False", Reasons.SUSPENDED)));
    assertThat(ArgoCdHealth.of(suspended).status()).isEqualTo("Suspended");
    assertThat(FluxStatus.withExpressions(suspended)).isEqualTo("Current");
    assertThat(FluxStatus.kstatus(suspended)).isEqualTo("Current");
  }

  @Test
  void aGroupOnAClaimedChannelIsDegradedForArgoAndFailedForFlux() throws Exception {
    harness = OperatorHarness.start(List.copyOf(systems), new MutableClock(Instant.parse("2026-12-01T00:00:00Z")));
    harness.create(StudyGroups.group(NS, "holder", "alice"));
    harness.awaitGroup(NS, "holder", hasCondition("Ready", "True", Reasons.READY));
    harness.clock().advance(Duration.ofSeconds(1));

    harness.create(StudyGroups.group(NS, "second", "bob"));
    JsonNode claimed = json(harness.awaitGroup(NS, "second", hasCondition("DiscordSynced", "False", "ChannelClaimed")));
    assertThat(ArgoCdHealth.of(claimed).status()).isEqualTo("Degraded");
    assertThat(ArgoCdHealth.of(claimed).message()).contains("course/holder");
    assertThat(FluxStatus.kstatus(claimed)).isEqualTo("Failed");
    assertThat(FluxStatus.withExpressions(claimed)).isEqualTo("Failed");
  }

  @Test
  void aGroupWhoseCleanupIsRetriedIsPendingDeletion() throws Exception {
    harness = OperatorHarness.start(List.copyOf(systems), new MutableClock(Instant.parse("2026-12-01T00:00:00Z")));
    harness.create(StudyGroups.group(NS, "g1", "alice"));
    harness.awaitGroup(NS, "g1", hasCondition("Ready", "True", Reasons.READY));
    discord.failCleanupWith(SyncException.retryable("DiscordError", "503 from Discord", null));

    harness.delete(NS, "g1");
    JsonNode deleting = json(harness.awaitGroup(NS, "g1", g -> g.getMetadata().getDeletionTimestamp() != null));
    await().atMost(OperatorHarness.WAIT).until(() -> discord.cleanups() > 0);
    assertThat(ArgoCdHealth.of(deleting).status()).isEqualTo("Progressing");
    assertThat(ArgoCdHealth.of(deleting).message()).startsWith("Pending deletion")
        .contains("blocked by finalizers: " + deleting.path("metadata").path("finalizers").get(0).asText());
    assertThat(FluxStatus.kstatus(deleting)).isEqualTo("Terminating");
    assertThat(FluxStatus.withExpressions(deleting)).isEqualTo("InProgress");

    discord.recover();
    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g1") == null);
  }
}
