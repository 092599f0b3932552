package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change log line, the Normal event and the Stalled gauge, against the mock API server and test doubles. */
class ChangeReportingIT {
  private static final String NS = "course";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final RecordingSystem discord = new RecordingSystem(SystemKind.DISCORD);
  private final RecordingSystem calendar = new RecordingSystem(SystemKind.CALENDAR);
  private final RecordingSystem reminders = new RecordingSystem(SystemKind.REMINDERS);
  private final RecordingSystem rsvps = new RecordingSystem(SystemKind.RSVPS);
  private OperatorHarness harness;

  private OperatorHarness start() {
    harness = OperatorHarness.start(List.of(discord, calendar, reminders, rsvps), clock);
    return harness;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aChangingReconcileLogsOneLineAndRecordsOneNormalEventAndAQuietOneNeither() {
    try (CapturedLogs logs = CapturedLogs.everything()) {
      start();
      harness.create(StudyGroups.group(NS, "g5", "alice", "bob"));
      harness.awaitGroup(NS, "g5", hasCondition("Ready", "True", Reasons.READY));
      // the resync is 1 s: wait for two more reconciles, which find nothing to change
      int seen = discord.observes();
      await().atMost(OperatorHarness.WAIT).until(() -> discord.observes() >= seen + 2);

      List<String> lines = changeLines(logs.text(), "course/g5");
      assertThat(lines).containsExactly("course/g5 discord granted=2 calendar created=2");
      assertThat(normalEvents("g5")).singleElement().satisfies(e -> {
        assertThat(e.getReason()).isEqualTo("Synced");
        assertThat(e.getMessage()).isEqualTo("discord granted=2 calendar created=2");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("StudyGroup");
      });

      harness.edit(NS, "g5", g -> {
        g.getSpec().getMembers().removeIf(m -> m.getId().equals("bob"));
        return g;
      });
      await().atMost(OperatorHarness.WAIT).until(() -> normalEvents("g5").size() == 2);
      assertThat(changeLines(logs.text(), "course/g5"))
          .containsExactly("course/g5 discord granted=2 calendar created=2", "course/g5 discord revoked=1");
      assertThat(normalEvents("g5")).extracting(Event::getMessage).contains("discord revoked=1");
    }
  }

  @Test
  void theStalledGaugeCountsStalledGroupsAndForgetsDeletedOnes() {
    discord.failWith(SyncException.permanent("MissingPermissions", "the bot lacks Manage Permissions", null));
    start();
    harness.create(StudyGroups.group(NS, "s1", "alice"));
    var other = StudyGroups.group(NS, "s2", "bob");
    other.getSpec().getDiscord().setTextChannelId("200000000000000002"); // a channel of its own, not claimed by s1
    harness.create(other);
    harness.awaitGroup(NS, "s1", hasCondition("Stalled", "True", "MissingPermissions"));
    harness.awaitGroup(NS, "s2", hasCondition("Stalled", "True", "MissingPermissions"));
    await().atMost(OperatorHarness.WAIT).until(() -> stalled() == 2.0);

    discord.recover();
    harness.delete(NS, "s1");
    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "s1") == null);
    // a permanent failure waits for a new generation or a person: ask for a reconcile now
    harness.edit(NS, "s2", g -> {
      g.getMetadata().getAnnotations().put(StudyGroupReconciler.RECONCILE_REQUESTED_AT, "2026-12-01T09:05:00Z");
      return g;
    });
    harness.awaitGroup(NS, "s2", hasCondition("Ready", "True", Reasons.READY));
    await().atMost(OperatorHarness.WAIT).until(() -> stalled() == 0.0);
    assertThat(harness.registry().scrape()).contains("studygroup_groups_stalled 0.0")
        .doesNotContain("s1").doesNotContain("s2");
  }

  private double stalled() {
    return harness.registry().get("studygroup.groups.stalled").gauge().value();
  }

  private static List<String> changeLines(String logs, String ref) {
    Pattern line = Pattern.compile("StudyGroupReconciler (" + Pattern.quote(ref) + " .*)");
    Matcher m = line.matcher(logs);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private List<Event> normalEvents(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Normal".equals(e.getType())).toList();
  }
}
