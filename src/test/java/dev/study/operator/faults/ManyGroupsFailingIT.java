package dev.study.operator.faults;

import static dev.study.operator.testing.FullStack.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.discord.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 7: an admin deletes every channel of one guild under 200 groups at once. Discord bans a bot that
 * sends 10,000 invalid requests (answered 401, 403 or 429) in 10 minutes, so the storm of failing groups must stay
 * far below that and the backoff must spread the retries. The test counts, over 10 minutes of the operator's
 * clock, the REST requests the operator sent that Discord answered 401, 403, 404 or 429, and the requests per
 * group.
 */
class ManyGroupsFailingIT {
  private static final int GROUPS = 200;
  private static final Set<Integer> INVALID = Set.of(401, 403, 404, 429);

  @TempDir
  Path dir;
  private FullStack stack;
  private OperatorHarness harness;

  @BeforeEach
  void startFakes() throws Exception {
    stack = new FullStack(dir);
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void aGuildsChannelsDeletedUnder200GroupsSendFarFewerInvalidRequestsThanDiscordsBanThreshold() throws Exception {
    Figures figures = new Figures("many-groups-failing");
    // the default 10-minute resync: a CHANNEL_DELETE wakes the groups naming the channel at once
    harness = stack.start();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < GROUPS; i++) {
      String channel = stack.discord.addTextChannel(stack.guild, "group-" + i);
      channels.add(channel);
      StudyGroup g = stack.group("g" + i, "m" + i);
      g.getSpec().getDiscord().setTextChannelId(channel);
      g.getSpec().setCalendar(null); // Discord only: this scenario is about Discord's invalid-request limit
      g.getSpec().setReminders(new ArrayList<>());
      harness.create(g);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> readyGroups() == GROUPS);
    double secondsToReady = figures.elapsedSeconds();
    stack.discord.resetCounters();

    channels.forEach(stack.discord::deleteChannel);

    double wallSeconds = passTenMinutesOfOperatorTime();

    List<RecordedRequest> all = stack.discord.requests();
    List<RecordedRequest> invalid = all.stream().filter(r -> INVALID.contains(r.status())).toList();
    long maxPerGroup = maxRequestsPerChannel(all);
    Map<Integer, Long> byStatus = all.stream()
        .collect(Collectors.groupingBy(RecordedRequest::status, TreeMap::new, Collectors.counting()));
    List<StudyGroup> groups = harness.client().resources(StudyGroup.class).inNamespace(NS).list().getItems();
    // the operator's retry book per group: failures counted in 10 min, and whether it stopped retrying (permanent)
    Map<String, Long> discordRetries = groups.stream()
        .map(g -> g.getStatus().getRetries().stream().filter(r -> "DiscordSynced".equals(r.getSystem())).findFirst()
            .map(r -> "failures=" + r.getFailures() + (Boolean.TRUE.equals(r.getPermanent()) ? ",permanent" : ""))
            .orElse("none"))
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    Map<String, Long> reasons = harness.client().resources(StudyGroup.class).inNamespace(NS).list().getItems().stream()
        .map(g -> OperatorHarness.condition(g, "DiscordSynced").map(c -> c.getStatus() + "/" + c.getReason())
            .orElse("none"))
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));

    figures.put("groups", GROUPS).put("secondsToReady", secondsToReady).put("restRequestsIn10min", all.size())
        .put("invalidIn10min", invalid.size()).put("byStatus", byStatus).put("maxRequestsPerGroup", maxPerGroup)
        .put("discordSynced", reasons).put("discordRetryBook", discordRetries).put("wallSecondsFor10min", wallSeconds).print();
    assertThat(reasons).containsOnlyKeys("False/ChannelNotFound");
    assertThat(invalid.size()).isLessThan(10_000 / 10); // under a tenth of the ban threshold
    assertThat(maxPerGroup).isLessThanOrEqualTo(10); // no hot loop: a handful of requests per group at most
    assertThat(all.stream().filter(RecordedRequest::isWrite).count()).isLessThanOrEqualTo(GROUPS);
  }

  /**
   * The same storm where Discord is asked and refuses: the bot loses Manage Permissions on the guild's channels
   * just as every group gets a new member, so each group's overwrite PUT answers 403 (50013), an invalid request
   * in Discord's count. Default RESYNC_INTERVAL (10m).
   */
  @Test
  void aGuildWideMissingPermissionsUnder100GroupsSendsAboutOneRefusedRequestPerGroupIn10Minutes() throws Exception {
    int groups = 100;
    Figures figures = new Figures("many-groups-missing-permissions");
    harness = stack.start();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      String channel = stack.discord.addTextChannel(stack.guild, "group-" + i);
      channels.add(channel);
      StudyGroup g = stack.group("g" + i, "m" + i);
      g.getSpec().getDiscord().setTextChannelId(channel);
      g.getSpec().setCalendar(null);
      g.getSpec().setReminders(new ArrayList<>());
      harness.create(g);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> readyGroups() == groups);
    stack.discord.addFault(dev.study.operator.testing.discord.FaultRule.on("PUT", "/channels/.*/permissions/.*")
        .missingPermissions());
    stack.discord.resetCounters();

    for (int i = 0; i < groups; i++) {
      var extra = dev.study.operator.testing.StudyGroups.member("n" + i);
      extra.setDiscordUserId(stack.discord.addMember(stack.guild, "n" + i));
      harness.edit(NS, "g" + i, g -> {
        g.getSpec().getMembers().add(extra);
        return g;
      });
    }
    double wallSeconds = passTenMinutesOfOperatorTime();

    List<RecordedRequest> all = stack.discord.requests();
    List<RecordedRequest> invalid = all.stream().filter(r -> INVALID.contains(r.status())).toList();
    long maxPerGroup = maxRequestsPerChannel(all);
    Map<Integer, Long> byStatus = all.stream()
        .collect(Collectors.groupingBy(RecordedRequest::status, TreeMap::new, Collectors.counting()));
    Map<String, Long> reasons = harness.client().resources(StudyGroup.class).inNamespace(NS).list().getItems().stream()
        .map(g -> OperatorHarness.condition(g, "DiscordSynced").map(c -> c.getStatus() + "/" + c.getReason())
            .orElse("none"))
        .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    figures.put("groups", groups).put("restRequestsIn10min", all.size()).put("invalidIn10min", invalid.size())
        .put("byStatus", byStatus).put("maxRequestsPerGroup", maxPerGroup).put("discordSynced", reasons)
        .put("wallSecondsFor10min", wallSeconds).print();
    assertThat(invalid.size()).isLessThan(10_000 / 10);
    assertThat(maxPerGroup).isLessThanOrEqualTo(10);
  }

  private long readyGroups() {
    return harness.client().resources(StudyGroup.class).inNamespace(NS).list().getItems().stream()
        .filter(OperatorHarness.hasCondition("Ready", "True", dev.study.operator.sync.Reasons.READY)).count();
  }

  /**
   * Ten minutes of operator time: the injected clock moves 10 s every 250 ms of wall clock, so backed-off retries
   * come due (JOSDK's own reschedule timers still run on the wall clock). Returns the wall seconds it took.
   */
  private double passTenMinutesOfOperatorTime() {
    long wallStart = System.nanoTime();
    int[] steps = {0};
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(60)).until(() -> {
      stack.clock.advance(Duration.ofSeconds(10));
      return ++steps[0] >= 60;
    });
    return Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0;
  }

  /** The most requests any one channel (one group) saw: a hot loop would show here. */
  private static long maxRequestsPerChannel(List<RecordedRequest> requests) {
    Map<String, Long> perChannel = requests.stream().filter(r -> r.path().startsWith("/channels/"))
        .collect(Collectors.groupingBy(r -> r.path().split("/")[2], TreeMap::new, Collectors.counting()));
    return perChannel.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
