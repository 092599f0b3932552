package dev.study.operator;

import static dev.study.operator.testing.OperatorHarness.condition;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.calendar.EventDiff;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.Reasons;
import dev.study.operator.reminders.DiscordReminderSender;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.ReminderDispatcher;
import dev.study.operator.reminders.ReminderSender;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.store.Database;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FaultRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator wired exactly as in production (SystemsFactory from settings), against the mock API server, a
 * real PostgreSQL, and the fake Discord and Calendar that the real JDA and Google clients talk to.
 */
class OperatorWithFakesIT {
  private static final String NS = "course";
  private static final String TOKEN = "MTEyMjMzNDQ1NTY2Nzc4ODk5.GfAkE.operator-test-token-0123456789";
  private static final String CAL = "cohort7-group3@group.calendar.google.com";

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private FakeDiscord discord;
  private FakeCalendar calendar;
  private ServiceAccountKey key;
  private String databaseUrl;
  private Database testDatabase;
  private String guild;
  private String text;
  private String alice;
  private String bob;
  private OperatorHarness harness;

  @BeforeEach
  void startFakes() throws Exception {
    discord = FakeDiscord.start(TOKEN);
    guild = discord.addGuild("Study");
    text = discord.addTextChannel(guild, "cohort7-group3");
    alice = discord.addMember(guild, "alice");
    bob = discord.addMember(guild, "bob");
    calendar = FakeCalendar.start(clock).addCalendar(CAL);
    key = ServiceAccountKey.write(dir, calendar.tokenUri());
    calendar.trust(key);
    databaseUrl = TestPostgres.freshJdbcUrl();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    discord.close();
    calendar.close();
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  private Map<String, String> env(String token) {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("RESYNC_INTERVAL", "10m");
    env.put("DISCORD_TOKEN", token);
    env.put("DISCORD_API_URL", discord.restBaseUrl());
    env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toString());
    env.put("GOOGLE_CALENDAR_ROOT_URL", calendar.rootUrl());
    // attendees need domain-wide delegation: Google refuses them from a service account acting as itself
    env.put("GOOGLE_IMPERSONATE_USER", "organizer@example.org");
    env.put("DATABASE_URL", databaseUrl);
    env.put("REMINDER_POLL_INTERVAL", "50ms");
    return env;
  }

  private OperatorHarness start(String token) throws Exception {
    Map<String, String> env = env(token);
    OperatorSystems systems = SystemsFactory.fromConfig(OperatorConfig.load(env), clock, new SimpleMeterRegistry());
    if (token.equals(TOKEN)) {
      assertThat(discordOf(systems).awaitSession(Duration.ofSeconds(30))).isTrue();
    }
    harness = OperatorHarness.start(systems, clock, env);
    return harness;
  }

  private static ReconnectingDiscordAccess discordOf(OperatorSystems systems) {
    return systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
        .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow();
  }

  private StudyGroup group(String name) {
    StudyGroup g = StudyGroups.group(NS, name, "alice", "bob");
    List<Member> members = g.getSpec().getMembers();
    members.get(0).setDiscordUserId(alice);
    members.get(1).setDiscordUserId(bob);
    g.getSpec().getDiscord().setGuildId(guild);
    g.getSpec().getDiscord().setTextChannelId(text);
    g.getSpec().getCalendar().setCalendarId(CAL);
    return g;
  }

  /** One pool per test, opened on first use: the test's own view of the operator's rows. */
  private JdbiReminderStore reminders() {
    if (testDatabase == null) {
      testDatabase = Database.connect(databaseUrl, null, null, null);
    }
    return new JdbiReminderStore(testDatabase);
  }

  @Test
  void aNewGroupConvergesInDiscordCalendarAndReminders() throws Exception {
    start(TOKEN);
    harness.create(group("g1"));

    StudyGroup g = harness.awaitGroup(NS, "g1", hasCondition("Ready", "True", Reasons.READY));

    assertThat(discord.memberOverwrites(text)).containsOnlyKeys(alice, bob);
    assertThat(calendar.liveEvents(CAL)).hasSize(4);
    String uid = g.getMetadata().getUid();
    assertThat(g.getStatus().getMeetings()).extracting(m -> m.getEventId())
        .containsExactly(EventDiff.eventId(uid, 1), EventDiff.eventId(uid, 2), EventDiff.eventId(uid, 3),
            EventDiff.eventId(uid, 4));
    assertThat(reminders().forGroup(uid)).hasSize(4).allSatisfy(r -> assertThat(r.state()).isEqualTo(ReminderState.pending));
    // Ready may first be seen after the follow-up reconcile, whose counts read "unchanged" rather than "granted".
    assertThat(g.getStatus().getDiscord().getGranted() + g.getStatus().getDiscord().getUnchanged()).isEqualTo(2);
    assertThat(g.getStatus().getDiscord().getFailed()).isZero();
    assertThat(g.getStatus().getCalendar().getCreated() + g.getStatus().getCalendar().getUnchanged()).isEqualTo(4);
    assertThat(discord.count("PUT /channels/{id}/permissions/{target}")).as("one write per overwrite").isEqualTo(2);
    // RSVPs read what Calendar listed, plus what it just wrote: every member of every meeting, yet to answer.
    harness.awaitGroup(NS, "g1", x -> x.getStatus().getRsvps() != null && x.getStatus().getRsvps().getRecorded() == 8);

    // Alice accepts in Google Calendar; the next reconcile (here brought by a spec change) records it.
    calendar.respond(CAL, EventDiff.eventId(uid, 2), "alice@example.org", "accepted");
    harness.edit(NS, "g1", x -> {
      x.getSpec().setDisplayName("Cohort 7, group 3");
      return x;
    });
    StudyGroup accepted = harness.awaitGroup(NS, "g1", x -> x.getStatus().getRsvps().getAccepted() == 1);
    assertThat(accepted.getStatus().getRsvps().getNeedsAction()).isEqualTo(7);
    assertThat(calendar.liveEvents(CAL)).allSatisfy(e -> assertThat(e.get("summary").toString()).startsWith("Cohort 7, group 3"));
  }

  @Test
  void anOverwriteRemovedByHandIsRestoredAtOnceNotAtTheResync() throws Exception {
    start(TOKEN);
    harness.create(group("g2"));
    harness.awaitGroup(NS, "g2", hasCondition("DiscordSynced", "True", Reasons.SYNCED));
    await().atMost(OperatorHarness.WAIT).until(() -> discord.memberOverwrites(text).size() == 2);

    discord.revokeByHand(text, alice);

    // The resync is ten minutes away and the test clock does not move: only the gateway event can explain this.
    await().atMost(OperatorHarness.WAIT).until(() -> discord.memberOverwrites(text).containsKey(alice));
  }

  @Test
  void anOverwriteGrantedByHandToANonMemberIsRevokedAtOnce() throws Exception {
    start(TOKEN);
    harness.create(group("g8"));
    harness.awaitGroup(NS, "g8", hasCondition("DiscordSynced", "True", Reasons.SYNCED));
    String mallory = discord.addMember(guild, "mallory");

    discord.grantByHand(text, mallory);

    await().atMost(OperatorHarness.WAIT).until(() -> !discord.memberOverwrites(text).containsKey(mallory));
    assertThat(discord.memberOverwrites(text)).containsOnlyKeys(alice, bob);
  }

  @Test
  void aGuildOffTheAllowlistIsInvalidSpecAndNothingIsWritten() throws Exception {
    Map<String, String> env = env(TOKEN);
    env.put("ALLOWED_DISCORD_GUILDS", "999999999999999999");
    OperatorSystems systems = SystemsFactory.fromConfig(OperatorConfig.load(env), clock, new SimpleMeterRegistry());
    assertThat(discordOf(systems).awaitSession(Duration.ofSeconds(30))).isTrue();
    harness = OperatorHarness.start(systems, clock, env);
    discord.resetCounters();
    calendar.resetCounters();

    harness.create(group("g9"));

    StudyGroup g = harness.awaitGroup(NS, "g9", hasCondition("Ready", "False", Reasons.INVALID_SPEC));
    assertThat(condition(g, "Ready").get().getMessage()).contains("spec.discord.guildId");
    assertThat(discord.restCount()).isZero();
    assertThat(calendar.httpRequests()).isZero();
    assertThat(reminders().forGroup(g.getMetadata().getUid())).isEmpty();
  }

  @Test
  void aDiscordServerErrorStormBacksOffWhileTheOtherSystemsSyncAndRecoveryResetsIt() throws Exception {
    discord.addFault(FaultRule.on("PUT", "/channels/.*/permissions/.*").serverError(503).times(1000));
    start(TOKEN);
    harness.create(group("g3"));

    StudyGroup g = harness.awaitGroup(NS, "g3", hasCondition("DiscordSynced", "False", "DiscordError")
        .and(hasCondition("CalendarSynced", "True", Reasons.SYNCED))
        .and(hasCondition("RemindersSynced", "True", Reasons.SYNCED)));
    assertThat(g.getStatus().getRetries()).singleElement()
        .satisfies(r -> assertThat(r.getSystem()).isEqualTo("DiscordSynced"));

    discord.clearFaults();
    clock.advance(Duration.ofMinutes(1));

    StudyGroup recovered = harness.awaitGroup(NS, "g3", hasCondition("DiscordSynced", "True", Reasons.SYNCED));
    assertThat(recovered.getStatus().getRetries()).isEmpty();
    assertThat(discord.memberOverwrites(text)).containsOnlyKeys(alice, bob);
  }

  @Test
  void aMissingCalendarLeavesDiscordAndRemindersSyncing() throws Exception {
    start(TOKEN);
    StudyGroup g = group("g4");
    g.getSpec().getCalendar().setCalendarId("gone@group.calendar.google.com");
    harness.create(g);

    StudyGroup seen = harness.awaitGroup(NS, "g4", hasCondition("CalendarSynced", "False", "CalendarNotFound")
        .and(hasCondition("DiscordSynced", "True", Reasons.SYNCED))
        .and(hasCondition("RemindersSynced", "True", Reasons.SYNCED)));
    assertThat(condition(seen, "Ready").get().getStatus()).isEqualTo("False");
  }

  @Test
  void aDueReminderIsPostedToTheChannelExactlyOnce() throws Exception {
    start(TOKEN);
    harness.create(group("g5"));
    String uid = harness.awaitGroup(NS, "g5", hasCondition("RemindersSynced", "True", Reasons.SYNCED))
        .getMetadata().getUid();

    clock.set(Instant.parse("2027-01-05T17:00:00Z"));

    await().atMost(OperatorHarness.WAIT).until(() -> reminders().forGroup(uid).stream()
        .anyMatch(r -> r.meetingNumber() == 1 && r.state() == ReminderState.sent));
    assertThat(discord.messages(text)).singleElement()
        .satisfies(m -> assertThat(m.getString("content")).contains("meeting 1", "<t:1799172000:F>"));
  }

  @Test
  void aCrashBetweenSendAndCommitDoesNotPostTwice() throws Exception {
    start(TOKEN);
    harness.create(group("g6"));
    String uid = harness.awaitGroup(NS, "g6", hasCondition("RemindersSynced", "True", Reasons.SYNCED))
        .getMetadata().getUid();
    ReconnectingDiscordAccess access = new ReconnectingDiscordAccess(
        new dev.study.operator.discord.DiscordSettings(TOKEN, discord.restBaseUrl(), discord.gatewayUrl()),
        Duration.ofSeconds(1), Duration.ofSeconds(5)).start();
    assertThat(access.awaitSession(Duration.ofSeconds(30))).isTrue();
    ReminderSender real = new DiscordReminderSender(access, access::connected);
    AtomicBoolean crashed = new AtomicBoolean();
    ReminderSender crashingOnce = (guild, channel, content, nonce, mentions) -> {
      String id = real.send(guild, channel, content, nonce, mentions);
      if (crashed.compareAndSet(false, true)) {
        throw new IllegalStateException("killed after Discord accepted the message, before the commit");
      }
      return id;
    };
    // The operator's own dispatcher keeps polling too: the test clock stays before any due time for it.
    MutableClock dueClock = new MutableClock(Instant.parse("2027-01-05T17:00:00Z"));
    try (ReminderDispatcher second = new ReminderDispatcher(reminders(), crashingOnce, dueClock,
        new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.5), Duration.ofMinutes(2),
        access::connected, new SimpleMeterRegistry())) {
      second.start(Duration.ofMillis(20));
      // The crash is recorded as an attempt with a backoff; the test's time moves on so that the retry comes due.
      await().atMost(OperatorHarness.WAIT).until(() -> {
        dueClock.advance(Duration.ofSeconds(1));
        return reminders().forGroup(uid).stream()
            .anyMatch(r -> r.meetingNumber() == 1 && r.state() == ReminderState.sent);
      });
    } finally {
      access.close();
    }

    assertThat(crashed).isTrue();
    assertThat(discord.messages(text)).hasSize(1);
    assertThat(discord.requests(r -> r.method().equals("POST") && r.path().endsWith("/channels/" + text + "/messages")))
        .as("both attempts reached Discord; the nonce made the second return the first message").hasSize(2);
  }

  @Test
  void aRejectedTokenIsReportedAndNeverShown() throws Exception {
    String wrong = "MTk5OTk5OTk5OTk5OTk5OTk5.GwRoNg.not-the-bot-token-abcdefghij";
    try (CapturedLogs logs = CapturedLogs.everything()) {
      start(wrong);
      harness.create(group("g7"));

      StudyGroup g = harness.awaitGroup(NS, "g7", hasCondition("DiscordSynced", "False", "Unauthorized")
          .and(hasCondition("CalendarSynced", "True", Reasons.SYNCED)));
      await().atMost(OperatorHarness.WAIT).until(() -> !harness.client().v1().events().inNamespace(NS).list()
          .getItems().isEmpty());

      String everything = harness.client().getKubernetesSerialization().asJson(g)
          + harness.client().getKubernetesSerialization().asJson(harness.client().v1().events().inNamespace(NS).list())
          + logs.text();
      assertThat(everything).doesNotContain(wrong).doesNotContain(key.privateKeyBody());
    }
  }
}
