package dev.study.operator.discord;

import dev.study.operator.status.StatusAssembler;
import static dev.study.operator.testing.discord.FakeDiscord.CONNECT;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FaultRule;
import dev.study.operator.testing.discord.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Discord system end to end: the real JDA, logged in once for the class, talking to {@link FakeDiscord}.
 * Each test makes its own channels and people, so the tests do not depend on each other's state.
 */
class JdaDiscordSyncIT {
  private static final String TOKEN = "MTE5.fake-bot-token.s3cr3t-d0-not-l0g";
  private static final String PUT_OVERWRITE = "PUT /channels/{id}/permissions/{target}";
  private static final String DELETE_OVERWRITE = "DELETE /channels/{id}/permissions/{target}";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static FakeDiscord fake;
  private static JdaDiscordAccess access;
  private static DiscordSync sync;
  private static String guild;
  private static String lockedGuild;
  private static String lockedChannel;
  private static final List<String> driftedChannels = new CopyOnWriteArrayList<>();
  private static final List<String> reportMessages = new CopyOnWriteArrayList<>();
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private static final Map<String, Level> savedLevels = new HashMap<>();
  private static final AtomicInteger groups = new AtomicInteger();

  @BeforeAll
  static void logIn() throws Exception {
    captureLogs();
    fake = FakeDiscord.start(TOKEN);
    // least privilege, as docs/discord.md recommends: the fake refuses what Discord would refuse
    guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE);
    // a guild where the bot may see and post but not manage permissions
    lockedGuild = fake.addGuild("Locked", VIEW_CHANNEL | SEND_MESSAGES | CONNECT);
    lockedChannel = fake.addTextChannel(lockedGuild, "locked-group");
    access = JdaDiscordAccess.connect(new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl(),
        Duration.ofSeconds(30), Duration.ofSeconds(20)));
    access.onOverwriteChanged(driftedChannels::add);
    sync = new DiscordSync(access);
  }

  @AfterAll
  static void logOut() {
    try {
      if (access != null) {
        access.close();
      }
      if (fake != null) {
        fake.close();
      }
    } finally {
      releaseLogs();
    }
  }

  @AfterEach
  void clearFaults() {
    fake.clearFaults();
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
  void reportsARetryableDiscordErrorWhenDiscordAnswersTooSlowly() throws Exception {
    String text = newTextChannel();
    fake.addFault(FaultRule.on("PUT", "/channels/" + text + "/permissions/\\d+").slow(Duration.ofSeconds(3)).times(1));
    try (JdaDiscordAccess impatient = JdaDiscordAccess.connect(new DiscordSettings(TOKEN, fake.restBaseUrl(),
        fake.gatewayUrl(), Duration.ofSeconds(30), Duration.ofMillis(300)))) {
      DiscordSync impatientSync = new DiscordSync(impatient);
      GroupContext group = group(text, null, people(guild, "alice"));

      assertThatThrownBy(() -> impatientSync.apply(group, impatientSync.plan(group, impatientSync.observe(group))))
          .isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.reason()).isEqualTo(DiscordReasons.DISCORD_ERROR);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("timed out");
          });
    }
  }

  @Test
  void reportsGatewayUnavailableWhenTheSessionIsDown() throws Exception {
    String text = newTextChannel();
    JdaDiscordAccess second = JdaDiscordAccess.connect(new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl(),
        Duration.ofSeconds(30), Duration.ofSeconds(10)));
    assertThat(second.connected()).isTrue();
    second.close();

    assertThatThrownBy(() -> new DiscordSync(second).observe(group(text, null, people(guild, "alice"))))
        .isInstanceOfSatisfying(SyncException.class, e -> {
          assertThat(e.reason()).isEqualTo(DiscordReasons.GATEWAY_UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
        });
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
    assertThat(logText()).doesNotContain(wrong);
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

    assertThat(logs.list).isNotEmpty();
    assertThat(logText()).doesNotContain(TOKEN);
    assertThat(reportMessages).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
    assertThat(settings.toString()).doesNotContain(TOKEN);
  }

  // ---------------------------------------------------------------- helpers

  private static SyncReport sync(GroupContext group) throws SyncException {
    ObservedOverwrites observed = sync.observe(group);
    OverwritePlan plan = sync.plan(group, observed);
    SyncReport report = sync.apply(group, plan);
    reportMessages.add(report.message());
    return report;
  }

  private static String newTextChannel() {
    String id = fake.addTextChannel(guild, "group-" + groups.incrementAndGet());
    awaitCacheMatchesFake(id);
    return id;
  }

  private static String newVoiceChannel() {
    String id = fake.addVoiceChannel(guild, "voice-" + groups.incrementAndGet());
    awaitCacheMatchesFake(id);
    return id;
  }

  /** Waits until JDA's cache shows the fake's member overwrites on the channel, as the gateway delivers them. */
  private static void awaitCacheMatchesFake(String channelId) {
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      ChannelOverwrites cached = access.memberOverwrites(guildOf(channelId), channelId);
      Map<String, List<Long>> seen = cached.members().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue().allow(), e.getValue().deny())));
      Map<String, List<Long>> truth = fake.memberOverwrites(channelId).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> Arrays.stream(e.getValue()).boxed().toList()));
      return seen.equals(truth);
    });
  }

  private static String guildOf(String channelId) {
    return channelId.equals(lockedChannel) ? lockedGuild : guild;
  }

  /** New people in the guild, by spec member id, in order. */
  private static Map<String, String> people(String guildId, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, fake.addMember(guildId, name));
    }
    return out;
  }

  private static GroupContext group(String text, String voice, Map<String, String> people) {
    return group(text, voice, people, guild);
  }

  private static GroupContext group(String text, String voice, Map<String, String> people, String guildId) {
    DiscordTarget target = new DiscordTarget();
    target.setGuildId(guildId);
    target.setTextChannelId(text);
    target.setVoiceChannelId(voice);
    List<Member> members = new ArrayList<>();
    people.forEach((id, discordId) -> {
      Member m = new Member();
      m.setId(id);
      m.setDiscordUserId(discordId);
      members.add(m);
    });
    // a member with no Discord id gets no access and is not counted
    Member emailOnly = new Member();
    emailOnly.setId("erin");
    emailOnly.setEmail("erin@example.org");
    members.add(emailOnly);
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Cohort 7 - Group " + groups.incrementAndGet());
    spec.setMembers(members);
    spec.setDiscord(target);
    return new GroupContext("uid-" + text, "course", "group-" + text, 1, spec, List.of(), Instant.now(),
        null);
  }

  private static int notInGuild(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    return status.getDiscord().getNotInGuild();
  }

  /** members, granted, revoked, unchanged, failed. */
  private static List<Integer> counts(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    var d = status.getDiscord();
    return List.of(d.getMembers(), d.getGranted(), d.getRevoked(), d.getUnchanged(), d.getFailed());
  }

  private static void captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : Set.of("net.dv8tion", "dev.study")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      savedLevels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    logs.start();
    root.addAppender(logs);
  }

  private static void releaseLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    savedLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
  }

  private static String logText() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      all.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
      event.getMDCPropertyMap().values().forEach(v -> all.append(v).append('\n'));
    }
    return all.toString();
  }
}
