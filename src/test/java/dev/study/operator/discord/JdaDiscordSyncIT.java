package dev.study.operator.discord;

import dev.study.operator.testing.SystemRuns;
import static dev.study.operator.discord.JdaSyncFixtures.counts;
import static dev.study.operator.testing.discord.FakeDiscord.CONNECT;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import dev.study.operator.testing.discord.FaultRule;
import dev.study.operator.testing.discord.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord system end to end: the real JDA, logged in once for the class, talking to {@link FakeDiscord}:
 * exactly the writes a group needs, drift by hand, rate limits, server errors, timeouts, and the token in no log
 * or report. Each test makes its own channels and people, so the tests do not depend on each other's state.
 */
class JdaDiscordSyncIT {
  private static final String TOKEN = "MTE5.fake-bot-token.s3cr3t-d0-not-l0g";
  private static final String PUT_OVERWRITE = "PUT /channels/{id}/permissions/{target}";
  private static final String DELETE_OVERWRITE = "DELETE /channels/{id}/permissions/{target}";
  private static final Duration WAIT = FakeDiscordExtension.WAIT;

  private static String guild;
  private static final List<String> driftedChannels = new CopyOnWriteArrayList<>();
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
    access.onOverwriteChanged(driftedChannels::add);
    sync = new DiscordSync(access);
  }

  @Test
  void grantsExactlyTheMembersOfANewGroup() throws Exception {
    String text = newTextChannel();
    String voice = newVoiceChannel();
    Map<String, String> people = people(guild, "alice", "bob", "carol");
    fake.resetCounters();

    SyncReport report = sync(group(text, voice, people));

    assertThat(report.synced()).isTrue();
    assertThat(fake.count(PUT_OVERWRITE)).isEqualTo(6);
    assertThat(fake.restCount()).isEqualTo(6);
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(fake.memberOverwrites(voice)).containsOnlyKeys(people.values());
    people.values().forEach(id -> {
      assertThat(fake.memberOverwrites(text).get(id)).containsExactly(VIEW_CHANNEL, 0);
      assertThat(fake.memberOverwrites(voice).get(id)).containsExactly(VIEW_CHANNEL | CONNECT, 0);
    });
    assertThat(counts(report)).isEqualTo(List.of(3, 6, 0, 0, 0));
  }

  @Test
  void neverTouchesRoleOverwrites() throws Exception {
    String text = newTextChannel();
    Map<String, long[]> rolesBefore = fake.roleOverwrites(text);
    Map<String, String> people = people(guild, "alice");
    fake.grantByHand(text, fake.addMember(guild, "stranger"));
    awaitCacheMatchesFake(text);

    sync(group(text, null, people));
    awaitCacheMatchesFake(text);

    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(fake.roleOverwrites(text)).usingRecursiveComparison().isEqualTo(rolesBefore);
  }

  @Test
  void revokesAccessOfRemovedMemberWithOneWrite() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice", "bob", "carol");
    sync(group(text, null, people));
    awaitCacheMatchesFake(text);
    String bob = people.remove("bob");
    fake.resetCounters();

    SyncReport report = sync(group(text, null, people));

    assertThat(fake.count(DELETE_OVERWRITE)).isEqualTo(1);
    assertThat(fake.restCount()).isEqualTo(1);
    assertThat(fake.requests().get(0).path()).endsWith("/permissions/" + bob);
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(counts(report)).isEqualTo(List.of(2, 0, 1, 2, 0));
  }

  @Test
  void grantsAccessOfAddedMemberWithOneWrite() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice", "bob");
    sync(group(text, null, people));
    awaitCacheMatchesFake(text);
    people.putAll(people(guild, "dave"));
    fake.resetCounters();

    SyncReport report = sync(group(text, null, people));

    assertThat(fake.count(PUT_OVERWRITE)).isEqualTo(1);
    assertThat(fake.restCount()).isEqualTo(1);
    assertThat(fake.requests().get(0).path()).endsWith("/permissions/" + people.get("dave"));
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(counts(report)).isEqualTo(List.of(3, 1, 0, 2, 0));
  }

  @Test
  void makesNoRequestWhenNothingChanged() throws Exception {
    String text = newTextChannel();
    String voice = newVoiceChannel();
    Map<String, String> people = people(guild, "alice", "bob", "carol");
    GroupContext group = group(text, voice, people);
    sync(group);
    awaitCacheMatchesFake(text);
    awaitCacheMatchesFake(voice);
    fake.resetCounters();

    SyncReport report = sync(group);

    assertThat(fake.restCount()).isZero();
    assertThat(report.synced()).isTrue();
    assertThat(counts(report)).isEqualTo(List.of(3, 0, 0, 3, 0));
  }

  @Test
  void keepsAnOverwriteWidenedByHand() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice");
    sync(group(text, null, people));
    fake.grantByHand(text, people.get("alice"), VIEW_CHANNEL | SEND_MESSAGES, 0);
    awaitCacheMatchesFake(text);
    fake.resetCounters();

    sync(group(text, null, people));

    assertThat(fake.restCount()).isZero();
  }

  @Test
  void restoresAnOverwriteRemovedByHandAfterTellingTheDriftListener() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice", "bob");
    GroupContext group = group(text, null, people);
    sync(group);
    awaitCacheMatchesFake(text);
    driftedChannels.clear();

    fake.revokeByHand(text, people.get("alice"));

    await().atMost(WAIT).until(() -> driftedChannels.contains(text));
    awaitCacheMatchesFake(text);
    fake.resetCounters();
    SyncReport report = sync(group);

    assertThat(fake.count(PUT_OVERWRITE)).isEqualTo(1);
    assertThat(fake.restCount()).isEqualTo(1);
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
    assertThat(counts(report)).isEqualTo(List.of(2, 1, 0, 1, 0));
  }

  @Test
  void honoursRetryAfterOfARateLimit() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice");
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").rateLimited(1).times(1));
    fake.resetCounters();

    SyncReport report = sync(group(text, null, people));

    assertThat(report.synced()).isTrue();
    List<RecordedRequest> puts = fake.requests(r -> r.route().equals(PUT_OVERWRITE));
    assertThat(puts).extracting(RecordedRequest::status).containsExactly(429, 204);
    assertThat(Duration.ofNanos(puts.get(1).nanos() - puts.get(0).nanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
  }

  @Test
  void reportsARetryableDiscordErrorDuringAServerErrorStormAndRecovers() throws Exception {
    String text = newTextChannel();
    Map<String, String> people = people(guild, "alice", "bob");
    GroupContext group = group(text, null, people);
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").serverError(502));
    fake.resetCounters();

    assertThatThrownBy(() -> sync(group)).isInstanceOfSatisfying(SyncException.class, e -> {
      assertThat(e.reason()).isEqualTo(DiscordReasons.DISCORD_ERROR);
      assertThat(e.retryable()).isTrue();
      assertThat(SyncReport.failed(e).retryable()).isTrue();
      reportMessages.add(e.getMessage());
    });

    // the sync stopped at the first failing write instead of trying every member in turn
    assertThat(fake.requests(r -> r.route().equals(PUT_OVERWRITE))).extracting(RecordedRequest::path).hasSizeBetween(1, 5)
        .containsOnly("/channels/" + text + "/permissions/" + people.get("alice"));

    fake.clearFaults();
    SyncReport report = sync(group);

    assertThat(report.synced()).isTrue();
    assertThat(fake.memberOverwrites(text)).containsOnlyKeys(people.values());
  }

  @Test
  void reportsARetryableDiscordErrorWhenDiscordAnswersTooSlowly() throws Exception {
    String text = newTextChannel();
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").slow(Duration.ofSeconds(3)).times(1));
    try (JdaDiscordAccess impatient = discord.connect(Duration.ofMillis(300))) {
      DiscordSync impatientSync = new DiscordSync(impatient);
      GroupContext group = group(text, null, people(guild, "alice"));

      assertThatThrownBy(() -> SystemRuns.apply(impatientSync, group))
          .isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.reason()).isEqualTo(DiscordReasons.DISCORD_ERROR);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("timed out");
          });
    }
  }

  @Test
  void rejectsAWrongTokenAsUnauthorizedWithoutShowingIt() {
    String wrong = "MTE5.wrong-token.also-s3cr3t";
    assertThatThrownBy(() -> JdaDiscordAccess.connect(new DiscordSettings(wrong, fake.restBaseUrl(), fake.gatewayUrl(),
        Duration.ofSeconds(10), Duration.ofSeconds(10))))
        .isInstanceOfSatisfying(DiscordFailure.class, e -> {
          assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.UNAUTHORIZED);
          assertThat(DiscordErrors.toSyncException(e).reason()).isEqualTo(DiscordReasons.UNAUTHORIZED);
          assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN);
        });
    assertThat(discord.logs().fullText()).doesNotContain(wrong);
  }

  @Test
  void neverShowsTheTokenInLogsReportsOrSettings() throws Exception {
    // make sure something was logged and reported, whatever order the tests ran in
    String text = newTextChannel();
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").notFound(10003, "Unknown Channel"));
    try {
      sync(group(text, null, people(guild, "alice")));
    } catch (SyncException e) {
      reportMessages.add(e.getMessage());
    }
    DiscordSettings settings = new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl());

    assertThat(discord.logs().fullText()).isNotEmpty();
    assertThat(discord.logs().fullText()).doesNotContain(TOKEN);
    assertThat(reportMessages).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
    assertThat(settings.toString()).doesNotContain(TOKEN);
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
