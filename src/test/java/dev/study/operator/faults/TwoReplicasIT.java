package dev.study.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.discord.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 6: two replicas, each a child JVM as the Deployment would run it (LEADER_ELECTION=true, its own
 * HOSTNAME, which JOSDK takes as the lease identity), against one API server, one PostgreSQL and the fakes.
 * The leader is SIGKILLed with half a cohort still to reconcile; the other must take the Lease and finish it.
 *
 * <p>The lease timings are JOSDK's defaults (15 s lease, 10 s renew deadline, 2 s retry): OperatorConfig does not
 * expose them, and a killed leader never releases its Lease (fabric8's releaseOnCancel is off in JOSDK), so the
 * takeover waits out the lease.
 */
class TwoReplicasIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  /** JOSDK's LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE. */
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final String LEASE_NAME = "studygroup-operator";
  private static final String RECONCILES = "operator_sdk_reconciliations_started_total";
  private static final int GROUPS = 6;
  private static final int MEETINGS = 2;

  @TempDir
  Path dir;
  private WallClockWorld world;
  private final Map<String, OperatorProcess> replicas = new HashMap<>();

  @AfterEach
  void stop() {
    replicas.values().forEach(OperatorProcess::close);
    if (world != null) {
      world.close();
    }
  }

  @Test
  void onlyTheLeaderReconcilesTheOtherTakesOverWithinTheLeaseAndRemindersFireOnce() throws Exception {
    world = new WallClockWorld(dir);
    startReplica("replica-a");
    startReplica("replica-b");
    String leader = await().atMost(CONVERGE).until(() -> world.leaseHolder(LEASE_NAME), h -> h != null);
    String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
    await().atMost(CONVERGE).until(() -> replicas.get(leader).metric("studygroup_leader") == 1.0
        && replicas.get(follower).metric("studygroup_leader") == 0.0);

    List<StudyGroup> cohort = new ArrayList<>();
    for (int i = 0; i < GROUPS; i++) {
      StudyGroup g = world.groupOnOwnChannel("g" + i, 2, MEETINGS);
      if (i >= GROUPS / 2) {
        // the second half's overwrites are applied but answered only after the leader is dead: mid-cohort
        world.discord.addFault(FaultRule.on("PUT", "/channels/" + g.getSpec().getDiscord().getTextChannelId()
            + "/permissions/\\d+").slow(Duration.ofSeconds(60)));
      }
      cohort.add(world.client().resource(g).create());
    }
    await().atMost(CONVERGE).until(() -> world.readyCount() >= GROUPS / 2 && heldPuts() >= GROUPS / 2);
    int readyAtKill = world.readyCount();
    assertThat(readyAtKill).isLessThan(GROUPS);
    assertThat(replicas.get(leader).metric(RECONCILES)).as("the leader reconciles").isPositive();
    assertThat(replicas.get(follower).metric(RECONCILES)).as("a follower reconciles nothing").isLessThanOrEqualTo(0);

    Figures figures = new Figures("two replicas, leader SIGKILLed mid-cohort");
    replicas.get(leader).kill();
    world.discord.clearFaults();
    // the dead leader's reminder claims (if it held one at the kill) run out on its wall clock; see WallClockWorld
    world.expireReminderLeases();
    await().atMost(CONVERGE).until(() -> world.leaseHolder(LEASE_NAME), follower::equals);
    double takeover = figures.elapsedSeconds();
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> world.readyCount() == GROUPS);
    double converged = figures.elapsedSeconds();

    assertThat(takeover).as("taken over within the lease and a couple of retry periods")
        .isLessThan(LEASE.plusSeconds(10).toSeconds());
    assertThat(replicas.get(follower).metric(RECONCILES)).as("the new leader reconciles").isPositive();
    await().atMost(CONVERGE).until(() -> world.sentReminders() == GROUPS);
    int messages = 0;
    for (StudyGroup g : cohort) {
      StudyGroup now = world.get(g.getMetadata().getName());
      String channel = now.getSpec().getDiscord().getTextChannelId();
      assertThat(world.discord.memberOverwrites(channel)).as("overwrites of " + channel).hasSize(2);
      assertThat(world.discord.messages(channel)).as("the reminder of meeting 1, once").hasSize(1);
      messages += world.discord.messages(channel).size();
      assertThat(world.welcomesPerMember(now).values()).as("welcome DMs").allMatch(n -> n <= 1);
    }
    assertThat(world.repeatedOverwritePuts()).as("repeated overwrites").isEmpty();
    Map<String, Long> eventsBySummaryAndStart = world.calendar.liveEvents(FullStack.CALENDAR).stream()
        .collect(Collectors.groupingBy(e -> e.get("summary") + "@" + e.get("start"), Collectors.counting()));
    assertThat(eventsBySummaryAndStart).as("one event per group and meeting").hasSize(GROUPS * MEETINGS)
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    figures.put("readyAtKill", readyAtKill).put("takeoverSeconds", takeover).put("allReadySeconds", converged)
        .put("remindersSent", world.sentReminders()).put("reminderMessages", messages)
        .put("overwritePuts", world.discord.count("PUT /channels/{id}/permissions/{target}")).print();
  }

  /** PUTs still waiting for their slow answer. */
  private int heldPuts() {
    return world.discord.count("PUT /channels/{id}/permissions/{target}") - world.readyCount() * 2;
  }

  private void startReplica(String hostname) {
    Map<String, String> env = world.env();
    env.put("HOSTNAME", hostname);
    env.put("LEADER_ELECTION", "true");
    env.put("LEADER_ELECTION_NAMESPACE", WallClockWorld.NS);
    replicas.put(hostname, OperatorProcess.start(env, OperatorProcess.logFile("TwoReplicasIT-" + hostname)));
  }



}
