package dev.study.operator.safety;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.sync.Reasons;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RestartablePostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reminders stop when they should and wait out PostgreSQL, end to end: the operator wired as in production
 * against the fakes and a real PostgreSQL that the test stops and starts.
 */
class RemindersLifecycleIT {
  @TempDir
  Path dir;
  private FullStack stack;
  private RestartablePostgres pg;
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void emptyingTheRemindersCancelsEveryPendingOne() throws Exception {
    stack = new FullStack(dir);
    harness = stack.start();
    harness.create(stack.group("g1", "alice"));
    String uid = stack.awaitGroup("g1", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();
    assertThat(states(uid)).containsExactly(ReminderState.pending);

    harness.edit(NS, "g1", g -> {
      g.getSpec().setReminders(new ArrayList<>());
      return g;
    });

    stack.awaitGroup("g1", hasCondition("RemindersSynced", "True", Reasons.NOT_CONFIGURED));
    assertThat(states(uid)).containsExactly(ReminderState.cancelled);
  }

  @Test
  void removingDiscordCancelsTheRemindersAndTheChannelAccess() throws Exception {
    stack = new FullStack(dir);
    harness = stack.start();
    harness.create(stack.group("g2", "alice"));
    String uid = stack.awaitGroup("g2", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();

    harness.edit(NS, "g2", g -> {
      g.getSpec().setDiscord(null);
      g.getSpec().setReminders(null);
      return g;
    });

    stack.awaitGroup("g2", hasCondition("Ready", "True", Reasons.READY)
        .and(hasCondition("DiscordSynced", "True", Reasons.NOT_CONFIGURED)));
    assertThat(states(uid)).containsExactly(ReminderState.cancelled);
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).isEmpty());
  }

  @Test
  void suspensionHoldsTheRemindersAndLiftingItResumesThem() throws Exception {
    stack = new FullStack(dir);
    harness = stack.start();
    harness.create(stack.group("g3", "alice"));
    String uid = stack.awaitGroup("g3", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();

    harness.edit(NS, "g3", g -> {
      g.getSpec().setSuspend(true);
      return g;
    });
    await().atMost(OperatorHarness.WAIT).until(() -> states(uid).equals(Set.of(ReminderState.held)));

    harness.edit(NS, "g3", g -> {
      g.getSpec().setSuspend(false);
      return g;
    });
    await().atMost(OperatorHarness.WAIT).until(() -> states(uid).equals(Set.of(ReminderState.pending)));
  }

  @Test
  void withPostgresDownAtStartupDiscordAndCalendarSyncAndTheRestCatchUpWhenItComesBack() throws Exception {
    pg = RestartablePostgres.started();
    pg.stop();
    stack = new FullStack(dir, pg.jdbcUrl());
    harness = stack.start();
    harness.create(stack.group("g4", "alice"));

    // channel access goes ahead; only the welcomes wait for the ledger, which DiscordSynced says
    stack.awaitGroup("g4", hasCondition("DiscordSynced", "False", "DatabaseUnavailable")
        .and(hasCondition("CalendarSynced", "True", Reasons.SYNCED))
        .and(hasCondition("RemindersSynced", "False", "DatabaseUnavailable"))
        .and(hasCondition("RsvpsSynced", "False", "DatabaseUnavailable")));
    assertThat(stack.discord.memberOverwrites(stack.text)).hasSize(1);
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).hasSize(4);

    pg.start();

    String uid = awaitRecovered("g4").getMetadata().getUid();
    assertThat(states(uid)).containsExactly(ReminderState.pending);
  }

  @Test
  void postgresStoppedMidRunHoldsBackOnlyItsOwnSystemsAndLosesNothing() throws Exception {
    pg = RestartablePostgres.started();
    stack = new FullStack(dir, pg.jdbcUrl());
    harness = stack.start();
    harness.create(stack.group("g5", "alice"));
    String uid = stack.awaitGroup("g5", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();

    pg.stop();
    harness.edit(NS, "g5", g -> {
      g.getSpec().getSchedule().setCount(6);
      return g;
    });

    stack.awaitGroup("g5", hasCondition("CalendarSynced", "True", Reasons.SYNCED)
        .and(hasCondition("RemindersSynced", "False", "DatabaseUnavailable")));
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).hasSize(6);

    pg.start();

    awaitRecovered("g5");
    assertThat(stack.reminders().forGroup(uid)).hasSize(6).allMatch(r -> r.state() == ReminderState.pending);
  }

  /** Recovery comes by itself, at each failing system's next retry, as the operator's clock moves on. */
  private dev.study.operator.api.StudyGroup awaitRecovered(String name) {
    return stack.awaitGroup(name, hasCondition("Ready", "True", Reasons.READY));
  }

  private Set<ReminderState> states(String uid) throws Exception {
    return stack.reminders().forGroup(uid).stream().map(r -> r.state()).collect(Collectors.toSet());
  }
}
