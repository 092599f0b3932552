package dev.study.operator.discord;

import static dev.study.operator.discord.DiscordWorld.WAIT;
import static dev.study.operator.discord.DiscordWorld.group;
import static dev.study.operator.discord.DiscordWorld.people;
import static dev.study.operator.discord.DiscordWorld.sync;
import static dev.study.operator.testing.discord.FakeDiscord.READ_MESSAGE_HISTORY;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FaultRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator owns on a channel it shares with the server's people: only the bits it grants. The real JDA
 * against {@link FakeDiscord}, with the bot holding only the permissions docs/discord.md asks for.
 */
class DiscordOwnershipIT {
  private static final String TOKEN = "MTE5.fake-ownership-token.s3cr3t";
  private static final String DELETE_OVERWRITE = "DELETE /channels/{id}/permissions/{target}";

  private static FakeDiscord fake;
  private static JdaDiscordAccess access;
  private static DiscordSync sync;
  private static String guild;
  private static String otherGuild;

  @BeforeAll
  static void logIn() throws Exception {
    fake = FakeDiscord.start(TOKEN);
    guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE);
    otherGuild = fake.addGuild("Another Server", FakeDiscord.LEAST_PRIVILEGE);
    access = JdaDiscordAccess.connect(new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl(),
        Duration.ofSeconds(30), Duration.ofSeconds(20)));
    sync = new DiscordSync(access);
  }

  @AfterAll
  static void logOut() {
    if (access != null) {
      access.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @AfterEach
  void clearFaults() {
    fake.clearFaults();
  }

  @Test
  void aModeratorsMuteOfANonMemberSurvivesSyncAndCleanup() throws Exception {
    String text = newTextChannel(guild);
    Map<String, String> people = people(fake, guild, "alice");
    String muted = fake.addMember(guild, "muted");
    fake.grantByHand(text, muted, 0, VIEW_CHANNEL | SEND_MESSAGES);
    awaitCache(guild, text);
    GroupContext group = group(guild, text, null, people);

    sync(sync, group);
    awaitCache(guild, text);

    assertThat(fake.memberOverwrites(text).get(muted)).containsExactly(0, VIEW_CHANNEL | SEND_MESSAGES);
    sync.cleanup(group, sync.targets(group.spec()));
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(muted);
    assertThat(fake.memberOverwrites(text).get(muted)).containsExactly(0, VIEW_CHANNEL | SEND_MESSAGES);
  }

  @Test
  void theBotsOwnOverwriteSurvivesSyncAndCleanup() throws Exception {
    String text = newTextChannel(guild);
    fake.grantByHand(text, fake.botUserId(), VIEW_CHANNEL, 0); // how an admin often lets a bot into a private channel
    awaitCache(guild, text);
    GroupContext group = group(guild, text, null, people(fake, guild, "alice"));

    SyncReport report = sync(sync, group);
    awaitCache(guild, text);
    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(report.synced()).isTrue();
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(fake.botUserId());
    assertThat(fake.memberOverwrites(text).get(fake.botUserId())).containsExactly(VIEW_CHANNEL, 0);
  }

  @Test
  void aNonMemberKeepsBitsAPersonGaveThemAndLosesOnlyTheManagedOnes() throws Exception {
    String text = newTextChannel(guild);
    Map<String, String> people = people(fake, guild, "alice");
    String helper = fake.addMember(guild, "helper");
    String former = fake.addMember(guild, "former");
    fake.grantByHand(text, helper, VIEW_CHANNEL | SEND_MESSAGES, READ_MESSAGE_HISTORY);
    fake.grantByHand(text, former, VIEW_CHANNEL, 0);
    awaitCache(guild, text);
    fake.resetCounters();

    SyncReport report = sync(sync, group(guild, text, null, people));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.memberOverwrites(text).get(helper)).containsExactly(SEND_MESSAGES, READ_MESSAGE_HISTORY);
    assertThat(fake.memberOverwrites(text)).doesNotContainKey(former);
    assertThat(fake.count(DELETE_OVERWRITE)).as("only the overwrite with nothing else in it is deleted").isEqualTo(1);
  }

  @Test
  void aFailedGrantStillRevokesARemovedMember() throws Exception {
    String text = newTextChannel(guild);
    Map<String, String> people = people(fake, guild, "alice", "bob");
    sync(sync, group(guild, text, null, people));
    awaitCache(guild, text);
    Map<String, String> changed = new LinkedHashMap<>(people);
    String bob = changed.remove("bob");
    changed.putAll(people(fake, guild, "dave"));
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/" + changed.get("dave")).missingPermissions());

    assertThatThrownBy(() -> sync(sync, group(guild, text, null, changed)))
        .isInstanceOfSatisfying(SyncException.class, e -> {
          assertThat(e.reason()).isEqualTo(DiscordReasons.MISSING_PERMISSIONS);
          assertThat(e.getMessage()).contains(changed.get("dave"));
        });
    assertThat(fake.memberOverwrites(text)).as("bob's access is gone although dave's grant failed")
        .doesNotContainKey(bob).containsKey(changed.get("alice"));
  }

  @Test
  void cleanupDuringAGuildOutageFailsRetryablyTouchesNothingAndSucceedsAfterwards() throws Exception {
    String outageGuild = fake.addGuild("Outage", FakeDiscord.LEAST_PRIVILEGE);
    await().atMost(WAIT).ignoreExceptions().until(() -> access.locate(outageGuild, "1") != null);
    String text = newTextChannel(outageGuild);
    Map<String, String> people = people(fake, outageGuild, "alice");
    GroupContext group = group(outageGuild, text, null, people);
    sync(sync, group);
    awaitCache(outageGuild, text);

    fake.makeGuildUnavailable(outageGuild);
    await().atMost(WAIT).until(() -> retryableNow(() -> access.locate(outageGuild, text)));
    fake.resetCounters();

    assertThatThrownBy(() -> sync.cleanup(group, sync.targets(group.spec())))
        .isInstanceOfSatisfying(SyncException.class, e -> {
          assertThat(e.reason()).isEqualTo(DiscordReasons.GATEWAY_UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
        });
    assertThatThrownBy(() -> sync(sync, group)).isInstanceOfSatisfying(SyncException.class,
        e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(() -> access.sendMessage(outageGuild, text, "hello", "n-outage", java.util.Set.of()))
        .isInstanceOfSatisfying(DiscordFailure.class,
            e -> assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.GATEWAY_UNAVAILABLE));
    assertThat(fake.writeCount()).isZero();
    assertThat(fake.memberOverwrites(text)).containsKey(people.get("alice"));

    fake.makeGuildAvailable(outageGuild);
    await().atMost(WAIT).ignoreExceptions()
        .until(() -> access.locate(outageGuild, text).where() == ChannelPlace.Where.IN_GUILD);
    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.memberOverwrites(text)).isEmpty();
  }

  @Test
  void locatesAChannelInItsGuildWithItsCategoryInAnotherGuildOrNowhere() throws Exception {
    String category = fake.addCategory(guild, "Cohort 7");
    String text = newTextChannel(guild);
    String topLevel = newTextChannel(guild);
    String foreign = newTextChannel(otherGuild);
    fake.moveToCategory(text, category);
    await().atMost(WAIT).until(() -> category.equals(access.locate(guild, text).parentId()));

    assertThat(access.locate(guild, text)).isEqualTo(ChannelPlace.inGuild(category));
    assertThat(access.locate(guild, topLevel)).isEqualTo(ChannelPlace.inGuild(null));
    assertThat(access.locate(guild, foreign)).isEqualTo(ChannelPlace.otherGuild());
    assertThat(access.locate(guild, "1399999999999999997")).isEqualTo(ChannelPlace.notFound());
  }

  // ---------------------------------------------------------------- helpers

  private interface Call {
    void run() throws Exception;
  }

  private static boolean retryableNow(Call call) {
    try {
      call.run();
      return false;
    } catch (SyncException e) {
      return e.retryable();
    } catch (Exception e) {
      return false;
    }
  }

  private static String newTextChannel(String guildId) {
    String id = fake.addTextChannel(guildId, "group");
    awaitCache(guildId, id);
    return id;
  }

  private static void awaitCache(String guildId, String channelId) {
    DiscordWorld.awaitCacheMatchesFake(fake, access, guildId, channelId);
  }
}
