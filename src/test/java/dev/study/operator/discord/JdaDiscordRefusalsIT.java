package dev.study.operator.discord;

import static dev.study.operator.discord.JdaSyncFixtures.counts;
import static dev.study.operator.discord.JdaSyncFixtures.notInGuild;
import static dev.study.operator.testing.discord.FakeDiscord.CONNECT;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import dev.study.operator.testing.discord.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord system when it cannot do what a group asks: a channel the bot cannot see or that Discord says is
 * gone, missing permissions (seen in the cache or refused by Discord), people not in the guild yet, and a session
 * that is down. The real JDA, logged in once for the class, against {@link FakeDiscord}.
 */
class JdaDiscordRefusalsIT {
  private static final String TOKEN = "MTE5.fake-bot-token.s3cr3t-d0-not-l0g";
  private static final String PUT_OVERWRITE = "PUT /channels/{id}/permissions/{target}";

  private static String guild;
  private static String lockedGuild;
  private static String lockedChannel;
  private static final List<String> reportMessages = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final FakeDiscordExtension discord = FakeDiscordExtension.loggedIn(TOKEN).capturingLogs()
      .world(fake -> {
        // least privilege, as docs/discord.md recommends: the fake refuses what Discord would refuse
        guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE);
        // a guild where the bot may see and post but not manage permissions
        lockedGuild = fake.addGuild("Locked", VIEW_CHANNEL | SEND_MESSAGES | CONNECT);
        lockedChannel = fake.addTextChannel(lockedGuild, "locked-group");
      });
  private static FakeDiscord fake;
  private static JdaDiscordAccess access;
  private static DiscordSync sync;

  @BeforeAll
  static void listen() {
    fake = discord.fake();
    access = discord.access();
    sync = new DiscordSync(access);
  }

  /** What {@code JdaDiscordSyncIT#neverShowsTheTokenInLogsReportsOrSettings} asserts, for this class's logs too. */
  @AfterAll
  static void noLogOrReportShowsTheToken() {
    assertThat(discord.logs().fullText()).isNotEmpty().doesNotContain(TOKEN);
    assertThat(reportMessages).allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
  }

  @Test
  void reportsChannelNotFoundForAChannelTheBotCannotSee() {
    GroupContext group = group("1399999999999999999", null, people(guild, "alice"));
    fake.resetCounters();

    assertThatThrownBy(() -> sync(group)).isInstanceOfSatisfying(SyncException.class, e -> {
      assertThat(e.reason()).isEqualTo(DiscordReasons.CHANNEL_NOT_FOUND);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("1399999999999999999");
    });
    assertThat(fake.restCount()).isZero();
  }

  @Test
  void reportsChannelNotFoundWhenDiscordAnswersUnknownChannel() throws Exception {
    String text = newTextChannel();
    GroupContext group = group(text, null, people(guild, "alice"));
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").notFound(10003, "Unknown Channel"));

    assertThatThrownBy(() -> sync(group)).isInstanceOfSatisfying(SyncException.class, e -> {
      assertThat(e.reason()).isEqualTo(DiscordReasons.CHANNEL_NOT_FOUND);
      assertThat(e.retryable()).isFalse();
    });
  }

  @Test
  void reportsMissingPermissionsWithoutAskingDiscordWhenTheCacheShowsThem() {
    GroupContext group = group(lockedChannel, null, people(lockedGuild, "alice"), lockedGuild);
    fake.resetCounters();

    assertThatThrownBy(() -> sync(group)).isInstanceOfSatisfying(SyncException.class, e -> {
      assertThat(e.reason()).isEqualTo(DiscordReasons.MISSING_PERMISSIONS);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("Manage Permissions");
    });
    assertThat(fake.restCount()).isZero();
  }

  @Test
  void reportsMissingPermissionsWhenDiscordRefuses() throws Exception {
    String text = newTextChannel();
    GroupContext group = group(text, null, people(guild, "alice"));
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").missingPermissions());

    assertThatThrownBy(() -> sync(group)).isInstanceOfSatisfying(SyncException.class, e -> {
      assertThat(e.reason()).isEqualTo(DiscordReasons.MISSING_PERMISSIONS);
      assertThat(e.retryable()).isFalse();
    });
  }

  @Test
  void grantsAUserNotInTheGuildYetWhereDiscordTakesAnyUserId() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice");
    people.put("ghost", fake.addUser("ghost"));
    fake.resetCounters();

    SyncReport report = sync(group(text, null, people));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(fake.count(PUT_OVERWRITE)).isEqualTo(2);
  }

  @Test
  void countsAUserNotInTheGuildYetWhenDiscordAnswersUnknownOverwriteAndSyncsTheOthers() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice", "bob");
    people.put("ghost", fake.addUser("ghost"));
    fake.answerUnknownOverwriteForNonMembers(true);
    fake.resetCounters();
    SyncReport report;
    try {
      report = sync(group(text, null, people));
    } finally {
      fake.answerUnknownOverwriteForNonMembers(false);
    }

    assertThat(report.synced()).as("a member who has not joined yet is no failure of the group").isTrue();
    assertThat(report.message()).contains("ghost").contains("not in the guild yet");
    assertThat(counts(report)).isEqualTo(List.of(3, 2, 0, 0, 0));
    assertThat(notInGuild(report)).isEqualTo(1);
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.get("alice"), people.get("bob"));
    assertThat(fake.count(PUT_OVERWRITE)).isEqualTo(3);
  }

  @Test
  void reportsGatewayUnavailableWhenTheSessionIsDown() throws Exception {
    String text = newTextChannel();
    JdaDiscordAccess second = discord.connect(Duration.ofSeconds(10));
    assertThat(second.connected()).isTrue();
    second.close();

    assertThatThrownBy(() -> new DiscordSync(second).observe(group(text, null, people(guild, "alice"))))
        .isInstanceOfSatisfying(SyncException.class, e -> {
          assertThat(e.reason()).isEqualTo(DiscordReasons.GATEWAY_UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
        });
  }

  // ---------------------------------------------------------------- helpers

  private static SyncReport sync(GroupContext group) throws SyncException {
    return JdaSyncFixtures.sync(sync, group, reportMessages);
  }

  private static String newTextChannel() {
    return JdaSyncFixtures.newTextChannel(discord, guild);
  }

  private static void awaitCacheMatchesFake(String channelId) {
    discord.awaitCacheMatchesFake(channelId.equals(lockedChannel) ? lockedGuild : guild, channelId);
  }

  private static Map<String, String> people(String guildId, String... names) {
    return discord.people(guildId, names);
  }

  private static GroupContext group(String text, String voice, Map<String, String> people) {
    return JdaSyncFixtures.group(guild, text, voice, people);
  }

  private static GroupContext group(String text, String voice, Map<String, String> people, String guildId) {
    return JdaSyncFixtures.group(guildId, text, voice, people);
  }
}
