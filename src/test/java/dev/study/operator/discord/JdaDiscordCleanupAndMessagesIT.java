package dev.study.operator.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import dev.study.operator.testing.discord.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord system's cleanup, and its messages: every member overwrite removed (ones already gone tolerated), a
 * channel already gone, a message sent once per nonce, and a DM. The real JDA, logged in once for the class,
 * against {@link FakeDiscord}.
 */
class JdaDiscordCleanupAndMessagesIT {
  private static final String TOKEN = "MTE5.fake-bot-token.s3cr3t-d0-not-l0g";
  private static final String DELETE_OVERWRITE = "DELETE /channels/{id}/permissions/{target}";

  private static String guild;
  private static final List<String> reportMessages = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final FakeDiscordExtension discord = FakeDiscordExtension.loggedIn(TOKEN).capturingLogs()
      // least privilege, as docs/discord.md recommends: the fake refuses what Discord would refuse
      .world(fake -> guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE));
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
  void cleanupRemovesEveryMemberOverwriteAndToleratesOnesAlreadyGone() throws Exception {
    String text = newTextChannel();
    String voice = newVoiceChannel();
    Map<String, String> people = people(guild, "alice", "bob");
    GroupContext group = group(text, voice, people);
    sync(group);
    awaitCacheMatchesFake(text);
    awaitCacheMatchesFake(voice);
    // removed by hand on Discord's side, but JDA has not heard of it yet: the DELETE gets 10009
    fake.addFault(FaultRule.on("DELETE", "/channels/" + text + "/permissions/" + people.get("alice"))
        .notFound(10009, "Unknown Overwrite").times(1));
    fake.resetCounters();

    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.count(DELETE_OVERWRITE)).isEqualTo(4);
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.get("alice"));
    assertThat(fake.memberOverwrites(voice)).isEmpty();
    assertThat(fake.roleOverwrites(text)).isNotEmpty();
  }

  @Test
  void cleanupOfAChannelThatIsGoneSucceeds() throws Exception {
    var gone = group("1399999999999999998", null, people(guild, "alice"));
    sync.cleanup(gone, sync.targets(gone.spec()));
  }

  @Test
  void sendsAMessageOnceForTheSameNonce() throws Exception {
    String text = newTextChannel();
    fake.resetCounters();

    String first = access.sendMessage(guild, text, "Meeting 3 starts in 1 hour", "sg-3-1h", Set.of());
    String second = access.sendMessage(guild, text, "Meeting 3 starts in 1 hour", "sg-3-1h", Set.of());

    assertThat(second).isEqualTo(first);
    assertThat(fake.messages(text)).hasSize(1);
    assertThat(fake.count("POST /channels/{id}/messages")).isEqualTo(2);
  }

  @Test
  void sendsADirectMessage() throws Exception {
    String alice = fake.addMember(guild, "alice");

    String id = access.sendDirectMessage(alice, "You joined Cohort 7 - Group 3", "dm-1");

    assertThat(id).isNotBlank();
    assertThat(fake.count("POST /users/@me/channels")).isGreaterThanOrEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  private static SyncReport sync(GroupContext group) throws SyncException {
    return JdaSyncFixtures.sync(sync, group, reportMessages);
  }

  private static String newTextChannel() {
    return JdaSyncFixtures.newTextChannel(discord, guild);
  }

  private static String newVoiceChannel() {
    return JdaSyncFixtures.newVoiceChannel(discord, guild);
  }

  private static void awaitCacheMatchesFake(String channelId) {
    discord.awaitCacheMatchesFake(guild, channelId);
  }

  private static Map<String, String> people(String guildId, String... names) {
    return discord.people(guildId, names);
  }

  private static GroupContext group(String text, String voice, Map<String, String> people) {
    return JdaSyncFixtures.group(guild, text, voice, people);
  }
}
