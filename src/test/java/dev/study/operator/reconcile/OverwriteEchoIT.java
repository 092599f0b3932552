package dev.study.operator.reconcile;

import dev.study.operator.sync.Reasons;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.calendar.FakeCalendar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway echoes every overwrite the operator writes (CHANNEL_UPDATE, then JDA's override events). Those
 * echoes show the overwrites as the group wants them and must not reconcile the group a second time; a hand
 * edit on the same channel still must, at once. The resync is ten minutes away, so every reconcile counted here
 * comes from an event.
 */
class OverwriteEchoIT {
  @TempDir
  Path dir;
  private FullStack stack;
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    stack = new FullStack(dir);
    harness = stack.start();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static final Predicate<StudyGroup> SYNCED = hasCondition("DiscordSynced", "True", Reasons.SYNCED)
      .and(hasCondition("CalendarSynced", "True", Reasons.SYNCED));

  @Test
  void theEchoOfTheOperatorsOwnOverwritesReconcilesNothing() {
    StudyGroup group = stack.group("echo", "alice", "bob", "chen");
    stack.calendar.resetCounters();

    harness.create(group);
    stack.awaitGroup("echo", SYNCED);
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).size() == 3);

    // The three echoes arrive within milliseconds of their writes; a reconcile they caused would list the
    // calendar again and rewrite the counts in status ("granted 3" to "unchanged 3").
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
        .until(() -> stack.calendar.count(FakeCalendar.LIST) == 1);
    assertThat(harness.get(FullStack.NS, "echo").getStatus().getDiscord().getGranted()).isEqualTo(3);
  }

  @Test
  void anOverwriteRemovedByHandStillReconcilesAtOnce() {
    StudyGroup group = stack.group("hand", "alice", "bob");
    String bob = group.getSpec().getMembers().get(1).getDiscordUserId();
    harness.create(group);
    stack.awaitGroup("hand", SYNCED);
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).size() == 2);
    stack.calendar.resetCounters();

    stack.discord.revokeByHand(stack.text, bob);

    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).containsKey(bob));
    // one reconcile for the hand edit; the echo of the restoring write causes none
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> stack.calendar.count(FakeCalendar.LIST) == 1);
  }
}
