package dev.study.operator.faults;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.testing.FullStack;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 7: two shards, each a child JVM as its Deployment would run it (LEADER_ELECTION=true, its own
 * WATCH_LABEL_SELECTOR, and for the named shard SHARD_NAME), against one mock API server, one PostgreSQL and the
 * fakes. Half the groups carry {@code sharding.study.dev/key: shard1}; the rest are the default shard's
 * ({@code !sharding.study.dev/key}).
 *
 * <p>Who did what is read from the fakes and the API server, never from the operators: each shard reaches the API
 * server with a kubeconfig of its own whose bearer token names the shard, so every StudyGroup write in the mock's
 * request log says which shard made it. The selectors are written {@code key=shard1}, not {@code key in (shard1)}:
 * the two mean the same to an API server, but fabric8's mock server ignores set-based requirements (it logs
 * "Ignoring unsupported label requirement" and matches everything), which would make this test vacuous.
 */
class TwoShardsIT {
  private static final Duration CONVERGE = Duration.ofSeconds(150);
  private static final String KEY = "sharding.study.dev/key";
  private static final String RECONCILES = "operator_sdk_reconciliations_started_total";
  private static final int GROUPS = 8;
  private static final int MEETINGS = 2;
  /** A StudyGroup write (finalizer or status): the path names the group. */
  private static final Pattern GROUP_WRITE =
      Pattern.compile("^/apis/study\\.dev/[^/]+/namespaces/" + WallClockWorld.NS + "/studygroups/([^/?]+)");

  @TempDir
  Path dir;
  private WallClockWorld world;
  private final Map<String, OperatorProcess> shards = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    shards.values().forEach(OperatorProcess::close);
    if (world != null) {
      world.close();
    }
  }

  @Test
  void twoShardsSplitTheGroupsEachElectsItsOwnLeaderAndNothingIsDoneTwice() throws Exception {
    world = new WallClockWorld(dir);
    startShard("shard1", KEY + "=shard1", Map.of("SHARD_NAME", "shard1"));
    startShard("default", "!" + KEY, Map.of());
    // one Lease per shard, each held by that shard's only replica
    await().atMost(CONVERGE).until(() -> "shard1-0".equals(world.leaseHolder("studygroup-operator-shard1"))
        && "default-0".equals(world.leaseHolder("studygroup-operator")));
    await().atMost(CONVERGE).until(() -> shards.values().stream().allMatch(p -> p.metric("studygroup_leader") == 1.0));

    Figures figures = new Figures("two shards, " + GROUPS + " groups");
    Map<String, String> shardOf = new TreeMap<>();
    List<StudyGroup> cohort = new ArrayList<>();
    for (int i = 0; i < GROUPS; i++) {
      StudyGroup g = world.groupOnOwnChannel("g" + i, 2, MEETINGS);
      if (i % 2 == 0) {
        g.getMetadata().setLabels(Map.of(KEY, "shard1"));
      }
      shardOf.put(g.getMetadata().getName(), i % 2 == 0 ? "shard1" : "default");
      cohort.add(world.client().resource(g).create());
    }
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> world.readyCount() == GROUPS);
    double converged = figures.elapsedSeconds();
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> world.sentReminders() == GROUPS);

    Map<String, Map<String, Integer>> writers = groupWritersByShard();
    for (Map.Entry<String, String> e : shardOf.entrySet()) {
      assertThat(writers.get(e.getKey())).as("the shards that wrote " + e.getKey()).isNotNull()
          .containsOnlyKeys(e.getValue());
    }
    for (String shard : shards.keySet()) {
      assertThat(shards.get(shard).metric(RECONCILES)).as(shard + " reconciles").isPositive();
    }
    for (StudyGroup g : cohort) {
      String channel = g.getSpec().getDiscord().getTextChannelId();
      assertThat(world.discord.memberOverwrites(channel)).as("overwrites of " + channel).hasSize(2);
      assertThat(overwritePuts(channel)).as("overwrite PUTs on " + channel).isEqualTo(2);
      assertThat(world.discord.messages(channel)).as("the reminder of meeting 1 on " + channel + ", once").hasSize(1);
    }
    assertThat(world.repeatedOverwritePuts()).as("repeated overwrites").isEmpty();
    Map<String, Long> eventsBySummaryAndStart = world.calendar.liveEvents(FullStack.CALENDAR).stream()
        .collect(Collectors.groupingBy(e -> e.get("summary") + "@" + e.get("start"), Collectors.counting()));
    assertThat(eventsBySummaryAndStart).as("one event per group and meeting").hasSize(GROUPS * MEETINGS)
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));

    Map<String, Long> groupsPerShard = shardOf.values().stream()
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    Map<String, Integer> writesPerShard = new TreeMap<>();
    writers.values().forEach(byShard -> byShard.forEach((s, n) -> writesPerShard.merge(s, n, Integer::sum)));
    figures.put("allReadySeconds", converged)
        .put("groupsPerShard", groupsPerShard.toString())
        .put("studyGroupWritesPerShard", writesPerShard.toString())
        .put("groupsWrittenByBothShards", writers.values().stream().filter(m -> m.size() > 1).count())
        .put("remindersSent", world.sentReminders())
        .put("reminderMessages", cohort.stream()
            .mapToInt(g -> world.discord.messages(g.getSpec().getDiscord().getTextChannelId()).size()).sum())
        .put("overwritePuts", world.discord.count("PUT /channels/{id}/permissions/{target}"))
        .print();
  }

  /**
   * Channel claims are computed per shard, so two groups of different shards naming one channel would both manage
   * it (measured: about 60 Discord writes a second on that channel, each shard revoking the other's members, both
   * groups reporting Synced). Disjoint Discord categories per shard close that: the channel is in one shard's
   * category, so the other shard's group is InvalidSpec and writes nothing.
   */
  @Test
  void aGroupNamingAChannelOfAnotherShardsCategoryIsRefusedInsteadOfFoughtOver() throws Exception {
    world = new WallClockWorld(dir);
    String shard1Category = world.discord.addCategory(world.guild, "Cohort 7");
    String defaultCategory = world.discord.addCategory(world.guild, "Cohort 8");
    startShard("shard1", KEY + "=shard1", Map.of("SHARD_NAME", "shard1", "ALLOWED_DISCORD_CATEGORIES", shard1Category));
    startShard("default", "!" + KEY, Map.of("ALLOWED_DISCORD_CATEGORIES", defaultCategory));

    StudyGroup holder = world.groupOnOwnChannel("holder", 2, 1);
    String channel = holder.getSpec().getDiscord().getTextChannelId();
    world.discord.moveToCategory(channel, shard1Category);
    holder.getMetadata().setLabels(Map.of(KEY, "shard1"));
    world.client().resource(holder).create();
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> hasCondition("Ready", "True", Reasons.READY).test(world.get("holder")));
    Map<String, long[]> holdersAccess = world.discord.memberOverwrites(channel);
    int writesBefore = channelWrites(channel);

    StudyGroup intruder = world.groupOnOwnChannel("intruder", 2, 1);
    intruder.getSpec().getDiscord().setTextChannelId(channel);
    world.client().resource(intruder).create();
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> hasCondition("DiscordSynced", "False", Reasons.INVALID_SPEC).test(world.get("intruder")));

    assertThat(world.discord.memberOverwrites(channel)).as("only the holder's members").containsOnlyKeys(
        holdersAccess.keySet());
    assertThat(channelWrites(channel)).as("Discord writes on the channel since the intruder came").isEqualTo(
        writesBefore);
    assertThat(groupWritersByShard().get("intruder")).as("the intruder is the default shard's").containsOnlyKeys(
        "default");
  }

  private int channelWrites(String channel) {
    return world.discord.requests(r -> r.isWrite() && r.path().contains("/channels/" + channel)).size();
  }

  /**
   * One replica of a shard. Its kubeconfig's bearer token names the shard (the mock API server accepts any),
   * which is how the request log tells the shards apart.
   */
  private void startShard(String shard, String selector, Map<String, String> extra) throws IOException {
    Map<String, String> env = world.env();
    env.put("KUBECONFIG", kubeconfig(shard).toString());
    env.put("HOSTNAME", shard + "-0");
    env.put("LEADER_ELECTION", "true");
    env.put("LEADER_ELECTION_NAMESPACE", WallClockWorld.NS);
    env.put("WATCH_LABEL_SELECTOR", selector);
    env.putAll(extra);
    shards.put(shard, OperatorProcess.start(env, OperatorProcess.logFile("TwoShardsIT-" + shard)));
  }

  /** For each group, the shards that wrote it (finalizer, status) and how many writes each made. */
  private Map<String, Map<String, Integer>> groupWritersByShard() throws InterruptedException {
    Map<String, Map<String, Integer>> writers = new TreeMap<>();
    RecordedRequest r;
    while ((r = world.kubernetes.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      String authorization = r.getHeader("Authorization");
      Matcher m = GROUP_WRITE.matcher(r.getPath());
      if (r.getMethod().equals("GET") || authorization == null || !authorization.startsWith("Bearer shard-")
          || !m.find()) {
        continue;
      }
      String shard = authorization.substring("Bearer shard-".length());
      writers.computeIfAbsent(m.group(1), k -> new HashMap<>()).merge(shard, 1, Integer::sum);
    }
    return writers;
  }

  private int overwritePuts(String channel) {
    return world.discord.requests(r -> r.route().equals("PUT /channels/{id}/permissions/{target}")
        && r.path().contains("/channels/" + channel + "/")).size();
  }




  private Path kubeconfig(String shard) throws IOException {
    int port = world.kubernetes.server().getPort();
    return Files.writeString(dir.resolve("kubeconfig-" + shard), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: http://127.0.0.1:" + port,
        "contexts:",
        "- name: mock",
        "  context:",
        "    cluster: mock",
        "    user: " + shard,
        "    namespace: " + WallClockWorld.NS,
        "current-context: mock",
        "users:",
        "- name: " + shard,
        "  user:",
        "    token: shard-" + shard,
        ""));
  }
}
