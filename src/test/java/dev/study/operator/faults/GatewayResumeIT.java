package dev.study.operator.faults;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.OperatorSystems;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.sync.Reasons;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import dev.study.operator.testing.discord.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the operator's Discord gateway session is cut while a moderator edits a group's channel by hand. Discord
 * keeps a disconnected session for some minutes and replays what it missed on RESUME (gateway.mdx, "Resuming":
 * https://discord.com/developers/docs/events/gateway#resuming); once it has forgotten the session, the client gets
 * Invalid Session and must IDENTIFY again, and learns the channel's state from GUILD_CREATE. The operator runs with
 * its production wiring (SystemsFactory from settings) against the fakes, the mock API server and PostgreSQL; the
 * fake refuses the gateway's handshakes while the change is made, so the change cannot arrive live.
 */
class GatewayResumeIT {
  private static final String PUT_OVERWRITE = "PUT /channels/{id}/permissions/{target}";

  @TempDir
  Path dir;
  private FullStack stack;
  private FakeDiscord discord;
  private OperatorHarness harness;
  private ReconnectingDiscordAccess session;

  @BeforeEach
  void startFakes() throws Exception {
    stack = new FullStack(dir);
    discord = stack.discord;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    stack.close();
  }

  @Test
  void aResumedSessionGetsTheHandChangesItMissedAndTheOperatorRepairsOnlyTheNarrowedOverwrite() throws Exception {
    Figures figures = new Figures("gateway-resume");
    Map<String, String> members = startWithAGroup(Map.of());
    String alice = members.get("alice");
    String bob = members.get("bob");
    int identifies = discord.identifyCount();
    int guildCreates = discord.dispatchCount("GUILD_CREATE");
    discord.resetCounters();

    discord.refuseGatewayConnections(true);
    discord.dropGatewaySessions();
    await().atMost(FakeDiscordExtension.WAIT).until(() -> !session.connected());
    // a moderator narrows alice's access (removes her overwrite) and widens bob's, while the bot is away
    discord.revokeByHand(stack.text, alice);
    discord.grantByHand(stack.text, bob, VIEW_CHANNEL | SEND_MESSAGES, 0);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> !session.connected() && discord.restCount() == 0);
    long healed = System.nanoTime();
    discord.refuseGatewayConnections(false);

    await().atMost(FakeDiscordExtension.WAIT).until(() -> discord.resumeCount() == 1 && session.connected());
    awaitGroup(g -> discord.memberOverwrites(stack.text).containsKey(alice));
    FakeDiscordExtension.awaitCacheMatchesFake(discord, session, stack.guild, stack.text);
    double converged = Math.round((System.nanoTime() - healed) / 1e8) / 10.0;
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> discord.writeCount() == 1);

    List<RecordedRequest> puts = discord.requests(r -> r.route().equals(PUT_OVERWRITE));
    assertThat(puts).extracting(RecordedRequest::path).as("alice's overwrite restored once, bob's left widened")
        .containsExactly("/channels/" + stack.text + "/permissions/" + alice);
    assertThat(discord.writeCount()).isEqualTo(1);
    assertThat(discord.memberOverwrites(stack.text).get(alice)).containsExactly(VIEW_CHANNEL, 0);
    assertThat(discord.memberOverwrites(stack.text).get(bob)).containsExactly(VIEW_CHANNEL | SEND_MESSAGES, 0);
    assertThat(discord.identifyCount() - identifies).as("a resume, not a new IDENTIFY").isZero();
    assertThat(discord.resumeCount()).isEqualTo(1);
    assertThat(discord.invalidSessionCount()).isZero();
    assertThat(discord.replayedCount()).as("the two CHANNEL_UPDATEs made while it was away").isEqualTo(2);
    assertThat(discord.dispatchCount("RESUMED")).isEqualTo(1);
    assertThat(discord.dispatchCount("GUILD_CREATE") - guildCreates).isZero();
    assertThat(hasCondition("Ready", "True", Reasons.READY).test(harness.get(NS, "resumed"))).isTrue();
    figures.put("refusedHandshakes", discord.refusedConnectionCount()).put("newIdentifies", 0)
        .put("resumes", discord.resumeCount()).put("replayed", discord.replayedCount())
        .put("invalidSessions", discord.invalidSessionCount()).put("overwritePuts", puts.size())
        .put("discordWrites", discord.writeCount()).put("secondsFromReconnectToRepaired", converged).print();
  }

  @Test
  void anExpiredSessionIdentifiesAfreshAndTheRecreatedSessionWakesTheGroup() throws Exception {
    Figures figures = new Figures("gateway-session-expired");
    // no override event tells of a change made while the session was gone; the recreated session wakes every
    // channel's groups, so the repair does not wait for the resync (the default 10 min here)
    Map<String, String> members = startWithAGroup(Map.of());
    String alice = members.get("alice");
    String bob = members.get("bob");
    int identifies = discord.identifyCount();
    int guildCreates = discord.dispatchCount("GUILD_CREATE");
    discord.resetCounters();

    discord.refuseGatewayConnections(true);
    discord.dropGatewaySessions();
    await().atMost(FakeDiscordExtension.WAIT).until(() -> !session.connected());
    discord.revokeByHand(stack.text, alice);
    discord.grantByHand(stack.text, bob, VIEW_CHANNEL | SEND_MESSAGES, 0);
    discord.expireGatewaySessions();
    long healed = System.nanoTime();
    discord.refuseGatewayConnections(false);

    await().atMost(FakeDiscordExtension.WAIT).until(() -> discord.identifyCount() == identifies + 1 && session.connected());
    double reidentified = Math.round((System.nanoTime() - healed) / 1e8) / 10.0;
    awaitGroup(g -> discord.memberOverwrites(stack.text).containsKey(alice));
    FakeDiscordExtension.awaitCacheMatchesFake(discord, session, stack.guild, stack.text);
    double converged = Math.round((System.nanoTime() - healed) / 1e8) / 10.0;

    List<RecordedRequest> puts = discord.requests(r -> r.route().equals(PUT_OVERWRITE));
    assertThat(puts).extracting(RecordedRequest::path)
        .containsExactly("/channels/" + stack.text + "/permissions/" + alice);
    assertThat(discord.writeCount()).isEqualTo(1);
    assertThat(discord.memberOverwrites(stack.text).get(bob)).containsExactly(VIEW_CHANNEL | SEND_MESSAGES, 0);
    assertThat(discord.identifyCount() - identifies).as("one fresh IDENTIFY").isEqualTo(1);
    assertThat(discord.resumeCount()).isZero();
    assertThat(discord.invalidSessionCount()).as("the RESUME was refused").isEqualTo(1);
    assertThat(discord.replayedCount()).isZero();
    assertThat(discord.dispatchCount("GUILD_CREATE") - guildCreates).as("the guild, whole, in the new session")
        .isEqualTo(1);
    figures.put("refusedHandshakes", discord.refusedConnectionCount())
        .put("newIdentifies", discord.identifyCount() - identifies).put("resumes", discord.resumeCount())
        .put("invalidSessions", discord.invalidSessionCount())
        .put("guildCreates", discord.dispatchCount("GUILD_CREATE") - guildCreates)
        .put("overwritePuts", puts.size()).put("discordWrites", discord.writeCount())
        .put("secondsToReidentify", reidentified).put("secondsFromReconnectToRepaired", converged).print();
  }

  /** The operator as in production, a group of alice and bob on the stack's channel, Ready; their user ids. */
  private Map<String, String> startWithAGroup(Map<String, String> extraEnv) throws Exception {
    Map<String, String> env = stack.env();
    env.putAll(extraEnv);
    OperatorSystems systems = SystemsFactory.fromConfig(OperatorConfig.load(env), stack.clock, new SimpleMeterRegistry());
    session = systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
        .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow();
    assertThat(session.awaitSession(Duration.ofSeconds(30))).isTrue();
    harness = OperatorHarness.start(systems, stack.clock, env);
    StudyGroup group = stack.group("resumed", "alice", "bob");
    harness.create(group);
    awaitGroup(hasCondition("Ready", "True", Reasons.READY));
    FakeDiscordExtension.awaitCacheMatchesFake(discord, session, stack.guild, stack.text);
    return Map.of("alice", group.getSpec().getMembers().get(0).getDiscordUserId(),
        "bob", group.getSpec().getMembers().get(1).getDiscordUserId());
  }

  /** As FullStack#awaitGroup: the operator's clock moves 5 s a poll, so a retry waiting out a backoff comes. */
  private StudyGroup awaitGroup(Predicate<StudyGroup> condition) {
    return await().atMost(OperatorHarness.WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
      stack.clock.advance(Duration.ofSeconds(5));
      return harness.get(NS, "resumed");
    }, g -> g != null && g.getStatus() != null && condition.test(g));
  }
}
