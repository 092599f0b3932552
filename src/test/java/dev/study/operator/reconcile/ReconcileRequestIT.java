package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Reconcile now": an annotation change reconciles at once although the generation did not move, and every
 * system is tried whatever its backoff says, as Flux's reconcile.fluxcd.io/requestedAt does.
 */
class ReconcileRequestIT {
  private static final String NS = "course";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final RecordingSystem discord = new RecordingSystem(SystemKind.DISCORD);
  private final RecordingSystem calendar = new RecordingSystem(SystemKind.CALENDAR);
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aStalledSystemIsTriedAtOnceWhenAPersonAsksAndTheRequestIsEchoed() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("RESYNC_INTERVAL", "10m");
    harness = OperatorHarness.start(List.of(discord, calendar), clock, env);
    discord.failWith(SyncException.permanent("MissingPermissions", "the bot lacks Manage Permissions", null));
    harness.create(StudyGroups.group(NS, "g1", "alice"));
    harness.awaitGroup(NS, "g1", hasCondition("Stalled", "True", "MissingPermissions"));
    int observes = discord.observes();

    // the admin fixes the bot's role; nothing in the spec changes, so without the request it waits 10 minutes
    discord.recover();
    StudyGroup asked = harness.edit(NS, "g1", g -> {
      Map<String, String> annotations = new HashMap<>();
      annotations.put(StudyGroupReconciler.RECONCILE_REQUESTED_AT, "2026-12-01T09:00:30Z");
      g.getMetadata().setAnnotations(annotations);
      return g;
    });

    StudyGroup g = harness.awaitGroup(NS, "g1", hasCondition("DiscordSynced", "True", Reasons.SYNCED));
    assertThat(g.getMetadata().getGeneration()).isEqualTo(asked.getMetadata().getGeneration());
    assertThat(g.getStatus().getLastHandledReconcileAt()).isEqualTo("2026-12-01T09:00:30Z");
    assertThat(discord.observes()).isGreaterThan(observes);
  }
}
