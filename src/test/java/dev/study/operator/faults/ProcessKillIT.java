package dev.study.operator.faults;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.reminders.Reminder;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.discord.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 5: the operator as a child JVM, killed with SIGKILL at a chosen point and started again on the
 * same API server, fakes and database. Each kill point holds the fake's answer to one write that the fake has
 * already applied, so the dead process never learned of it; the restarted process must find it rather than
 * repeat it. Convergence and duplicates are read from the fakes' and PostgreSQL's state.
 */
class ProcessKillIT {
  /** A child JVM's start, login and first reconcile on a loaded 2-core machine. */
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String PUT_OVERWRITE = "PUT /channels/{id}/permissions/{target}";
  private static final int MEMBERS = 8;
  private static final int MEETINGS = 2;

  @TempDir
  Path dir;
  private WallClockWorld world;
  private OperatorProcess operator;
  private Path log;

  @org.junit.jupiter.api.BeforeEach
  void logFor(org.junit.jupiter.api.TestInfo test) {
    log = OperatorProcess.logFile("ProcessKillIT-" + test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @Test
  void killedBetweenDiscordOverwriteWritesRestartsWithoutRepeatingOne() throws Exception {
    world = new WallClockWorld(dir);
    // each PUT is applied at once and answered 400 ms later: the kill lands with writes done and writes to do
    world.discord.addFault(FaultRule.on("PUT", "/channels/\\d+/permissions/\\d+").slow(Duration.ofMillis(400)));
    operator = start();
    world.client().resource(world.group("g1", MEMBERS, MEETINGS)).create();

    await().atMost(CONVERGE).until(() -> world.discord.count(PUT_OVERWRITE) >= 3);
    kill();
    int putsBeforeKill = world.discord.count(PUT_OVERWRITE);
    assertThat(putsBeforeKill).isLessThan(MEMBERS);
    world.discord.clearFaults();

    Figures figures = new Figures("kill between Discord overwrite writes");
    operator = start();
    StudyGroup g = awaitReady("g1");

    assertConvergedOnce(g);
    assertThat(world.discord.count(PUT_OVERWRITE)).as("one PUT per member, the one in flight at the kill included")
        .isEqualTo(MEMBERS);
    figures.put("putsBeforeKill", putsBeforeKill).put("putsInAll", world.discord.count(PUT_OVERWRITE))
        .put("members", MEMBERS).put("restartToReadySeconds", figures.elapsedSeconds()).print();
  }

  @Test
  void killedBetweenACalendarInsertAndItsStatusRestartsWithoutADuplicateEvent() throws Exception {
    world = new WallClockWorld(dir);
    // the first insert is applied, its reply held: the process dies not knowing the event exists
    world.calendar.holdRepliesAfterInsert(1);
    operator = start();
    world.client().resource(world.group("g2", 2, MEETINGS)).create();

    await().atMost(CONVERGE).until(() -> world.calendar.heldInserts() == 1);
    kill();
    int eventsAtKill = world.calendar.liveEvents(FullStack.CALENDAR).size();
    assertThat(eventsAtKill).isPositive();

    Figures figures = new Figures("kill between a Calendar insert and its status");
    operator = start();
    StudyGroup g = awaitReady("g2");

    assertConvergedOnce(g);
    assertThat(world.calendar.count(FakeCalendar.INSERT)).as("the held insert is not sent again")
        .isLessThanOrEqualTo(MEETINGS);
    figures.put("eventsAtKill", eventsAtKill).put("insertsInAll", world.calendar.count(FakeCalendar.INSERT))
        .put("calendarHttpRequests", world.calendar.httpRequests())
        .put("restartToReadySeconds", figures.elapsedSeconds()).print();
  }

  @Test
  void killedBetweenAReminderSendAndItsCommitRestartsWithoutASecondMessage() throws Exception {
    world = new WallClockWorld(dir);
    // the reminder is posted at once, its reply held past the kill: the row stays claimed, not sent
    world.discord.addFault(FaultRule.on("POST", "/channels/" + world.text + "/messages")
        .slow(Duration.ofSeconds(60)).times(1));
    operator = start();
    world.client().resource(world.group("g3", 2, MEETINGS)).create();

    await().atMost(CONVERGE).until(() -> world.discord.messages(world.text).size() == 1);
    kill();
    String uid = world.get("g3").getMetadata().getUid();
    assertThat(world.reminders(uid)).extracting(Reminder::state).doesNotContain(ReminderState.sent);
    assertThat(world.expireReminderLeases()).isEqualTo(1);

    Figures figures = new Figures("kill between a reminder send and its commit");
    operator = start();
    StudyGroup g = awaitReady("g3");
    await().atMost(CONVERGE).until(() -> world.reminders(uid).stream().anyMatch(r -> r.state() == ReminderState.sent));

    assertConvergedOnce(g);
    int posts = world.discord.count("POST /channels/{id}/messages") - dmPosts(g);
    assertThat(posts).as("sent again with the same nonce, which Discord answers with the first message").isEqualTo(2);
    figures.put("reminderPosts", posts).put("messagesInChannel", world.discord.messages(world.text).size())
        .put("restartToSentSeconds", figures.elapsedSeconds()).print();
  }

  /** SIGKILL: the JVM reports 128 + 9, so no shutdown hook ran. */
  private void kill() {
    operator.kill();
    assertThat(operator.exitCode()).isEqualTo(137);
  }

  private OperatorProcess start() {
    return OperatorProcess.start(world.env(), log);
  }

  private StudyGroup awaitReady(String name) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).until(() -> world.get(name),
        g -> g != null && g.getStatus() != null && hasCondition("Ready", "True", Reasons.READY).test(g));
  }

  /** Every member can see the channel, one event per meeting, one message per sent reminder, one welcome each. */
  private void assertConvergedOnce(StudyGroup g) throws Exception {
    int members = g.getSpec().getMembers().size();
    assertThat(world.discord.memberOverwrites(world.text)).as("lost overwrites").hasSize(members);
    assertThat(world.repeatedOverwritePuts()).as("repeated overwrites").isEmpty();
    assertThat(world.calendar.liveEvents(FullStack.CALENDAR)).as("lost or extra events")
        .hasSize(MEETINGS);
    assertThat(world.liveEventsByStart().values()).as("duplicate events").allMatch(n -> n == 1);
    List<Reminder> rows = world.reminders(g.getMetadata().getUid());
    long sent = rows.stream().filter(r -> r.state() == ReminderState.sent).count();
    assertThat(world.discord.messages(world.text)).as("one message per sent reminder").hasSize((int) sent);
    assertThat(world.welcomesPerMember(g).values()).as("welcome DMs per member").allMatch(n -> n <= 1);
  }

  /** Welcome DMs are posts to DM channels; the reminder posts are the rest. */
  private int dmPosts(StudyGroup g) {
    return world.welcomesPerMember(g).values().stream().mapToInt(Integer::intValue).sum();
  }
}
