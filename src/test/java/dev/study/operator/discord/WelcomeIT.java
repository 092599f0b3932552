package dev.study.operator.discord;

import dev.study.operator.testing.SystemRuns;
import dev.study.operator.status.StatusAssembler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.api.WelcomeSpec;
import dev.study.operator.discord.welcome.JdbiWelcomeLedger;
import dev.study.operator.discord.welcome.ObservedWelcomes;
import dev.study.operator.discord.welcome.WelcomeEntry;
import dev.study.operator.discord.welcome.WelcomeLedger;
import dev.study.operator.discord.welcome.WelcomeOutcome;
import dev.study.operator.discord.welcome.WelcomingDiscordSync;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.store.Database;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import dev.study.operator.testing.discord.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Welcomes end to end: the real JDA, logged in once for the class, against {@link FakeDiscord}, and the ledger in
 * a real PostgreSQL. Each test makes its own channel, people, group uid and database schema.
 */
class WelcomeIT {
  private static final String TOKEN = "MTE5.fake-welcome-token.s3cr3t";
  private static final Duration WAIT = FakeDiscordExtension.WAIT;
  private static final Instant NOW = Instant.parse("2027-01-04T12:00:00Z");
  private static final Instant FIRST_MEETING = Instant.parse("2027-01-05T18:00:00Z");
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private static FakeDiscord fake;
  private static JdaDiscordAccess access;
  private static MutableClock discordClock;
  private static String guild;
  private static final List<String> joined = new CopyOnWriteArrayList<>();

  private Database db;
  private WelcomeLedger ledger;
  private WelcomingDiscordSync sync;
  private String channel;
  private String uid;

  @RegisterExtension
  static final FakeDiscordExtension discord = FakeDiscordExtension.loggedIn(TOKEN).world(fake -> {
    discordClock = new MutableClock(NOW);
    fake.setClock(discordClock);
    guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE);
  });

  @BeforeAll
  static void listen() {
    fake = discord.fake();
    access = discord.access();
    access.onMemberJoined((g, u) -> joined.add(g + "/" + u));
  }

  @BeforeEach
  void freshGroup() {
    db = TestPostgres.freshDatabase();
    ledger = new JdbiWelcomeLedger(db);
    sync = new WelcomingDiscordSync(access, ledger);
    channel = fake.addTextChannel(guild, "group-" + GROUPS.incrementAndGet());
    awaitCacheMatchesFake(channel);
    uid = "uid-welcome-" + GROUPS.get();
  }

  @Test
  void eachNewMemberGetsExactlyOneDmAcrossSyncsAndARestart() throws Exception {
    Map<String, String> people = people("alice", "bob");

    SyncReport first = sync(sync, group(people, null));

    assertThat(first.synced()).as(first.message()).isTrue();
    assertThat(welcomed(first)).isEqualTo(2);
    assertThat(fake.directMessages(people.get("alice"))).singleElement()
        .satisfies(m -> assertThat(m.getString("content")).contains("Cohort 7 - Group")
            .contains("<t:" + FIRST_MEETING.getEpochSecond() + ":F>")
            .contains("Bob").doesNotContain("Alice")
            .contains("https://discord.com/channels/" + guild + "/" + channel));
    assertThat(fake.directMessages(people.get("bob"))).hasSize(1);

    awaitCacheMatchesFake(channel);
    fake.resetCounters();
    SyncReport again = sync(sync, group(people, null));
    SyncReport afterRestart = sync(new WelcomingDiscordSync(access, new JdbiWelcomeLedger(db)), group(people, null));

    assertThat(again.synced()).isTrue();
    assertThat(welcomed(again)).isZero();
    assertThat(welcomed(afterRestart)).isZero();
    assertThat(fake.restCount()).as("an unchanged group makes no Discord request").isZero();
    assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
    assertThat(fake.directMessages(people.get("bob"))).hasSize(1);

    people.put("carol", fake.addMember(guild, "carol"));
    SyncReport joined = sync(new WelcomingDiscordSync(access, new JdbiWelcomeLedger(db)), group(people, null));

    assertThat(welcomed(joined)).isEqualTo(1);
    assertThat(fake.directMessages(people.get("carol"))).singleElement()
        .satisfies(m -> assertThat(m.getString("content")).contains("Alice and Bob"));
    assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::outcome).containsOnly(WelcomeOutcome.sent);
  }

  @Test
  void skipLeavesTheInitialMembersAloneButWelcomesALaterJoiner() throws Exception {
    Map<String, String> people = people("alice", "bob");

    SyncReport first = sync(sync, group(people, WelcomeSpec.InitialMembers.Skip));

    assertThat(first.synced()).as(first.message()).isTrue();
    assertThat(welcomed(first)).isZero();
    assertThat(fake.directMessages(people.get("alice"))).isEmpty();
    assertThat(fake.directMessages(people.get("bob"))).isEmpty();
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId, WelcomeEntry::outcome)
        .containsExactly(tuple("alice", WelcomeOutcome.skipped),
            tuple("bob", WelcomeOutcome.skipped));

    people.put("carol", fake.addMember(guild, "carol"));
    SyncReport joined = sync(sync, group(people, WelcomeSpec.InitialMembers.Skip));

    assertThat(welcomed(joined)).isEqualTo(1);
    assertThat(fake.directMessages(people.get("carol"))).hasSize(1);
    assertThat(fake.directMessages(people.get("alice"))).isEmpty();
  }

  @Test
  void aMemberWhoLeavesAndRejoinsIsWelcomedAgain() throws Exception {
    Map<String, String> people = people("alice", "bob");
    sync(sync, group(people, null));
    assertThat(fake.directMessages(people.get("bob"))).hasSize(1);

    Map<String, String> withoutBob = new LinkedHashMap<>(people);
    withoutBob.remove("bob");
    SyncReport left = sync(sync, group(withoutBob, null));
    assertThat(left.synced()).isTrue();
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId).containsExactly("alice");

    discordClock.advance(Duration.ofMinutes(10)); // beyond Discord's nonce window
    SyncReport rejoined = sync(sync, group(people, null));

    assertThat(welcomed(rejoined)).isEqualTo(1);
    assertThat(fake.directMessages(people.get("bob"))).hasSize(2);
    assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
  }

  @Test
  void aMemberWithClosedDmsIsWelcomedOnceInTheGroupsChannelMentioningOnlyThem() throws Exception {
    Map<String, String> people = people("alice", "bob");
    String bob = people.get("bob");
    fake.closeDirectMessages(bob);

    SyncReport report = sync(sync, group(people, null));

    assertThat(report.synced()).as(report.message()).isTrue();
    assertThat(report.message()).contains("welcomed 2 (1 in the channel, DMs closed)");
    assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
    assertThat(fake.directMessages(bob)).isEmpty();
    List<io.vertx.core.json.JsonObject> posted = fake.messages(channel);
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0).getString("content")).startsWith("<@" + bob + "> Welcome to ");
    assertThat(posted.get(0).getJsonArray("mentions").stream()
        .map(u -> ((io.vertx.core.json.JsonObject) u).getString("id")).toList()).containsExactly(bob);
    assertThat(posted.get(0).getBoolean("mention_everyone")).isFalse();
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId, WelcomeEntry::outcome)
        .containsExactly(tuple("alice", WelcomeOutcome.sent), tuple("bob", WelcomeOutcome.sent));

    awaitCacheMatchesFake(channel);
    fake.resetCounters();
    SyncReport again = sync(sync, group(people, null));
    assertThat(again.synced()).isTrue();
    assertThat(fake.restCount()).as("a welcome told in the channel is not told again").isZero();
    assertThat(fake.messages(channel)).hasSize(1);
  }

  @Test
  void aMemberNotYetInTheGuildIsGrantedAndWelcomedWhenTheyJoin() throws Exception {
    Map<String, String> people = people("alice");
    String stranger = fake.addUser("stranger"); // shares no guild with the bot: a DM would get 50007
    people.put("stranger", stranger);

    SyncReport first = sync(sync, group(people, null));

    assertThat(first.synced()).as(first.message()).isTrue();
    assertThat(first.message()).contains("stranger").contains("not in the guild yet");
    assertThat(welcomed(first)).isEqualTo(1);
    assertThat(status(first).getDiscord().getNotInGuild()).isEqualTo(1);
    assertThat(fake.memberOverwrites(channel)).as("the grant stands before they join").containsKey(stranger);
    assertThat(fake.directMessages(stranger)).isEmpty();
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId).containsExactly("alice");

    fake.join(guild, stranger);
    await().atMost(WAIT).until(() -> joined.contains(guild + "/" + stranger));
    SyncReport afterJoin = sync(sync, group(people, null));

    assertThat(afterJoin.synced()).as(afterJoin.message()).isTrue();
    assertThat(welcomed(afterJoin)).isEqualTo(1);
    assertThat(status(afterJoin).getDiscord().getNotInGuild()).isZero();
    assertThat(fake.directMessages(stranger)).hasSize(1);
    assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId, WelcomeEntry::outcome)
        .containsExactly(tuple("alice", WelcomeOutcome.sent), tuple("stranger", WelcomeOutcome.sent));
  }

  @Test
  void dmsOpenedTooFastAreRetriedSoonAndNeverMarkedUndeliverable() throws Exception {
    Map<String, String> people = people("alice", "bob");
    fake.limitDirectMessageOpens(1, Duration.ofMinutes(1));
    try {
      SyncReport throttled = sync(sync, group(people, null));

      assertThat(throttled.synced()).isFalse();
      assertThat(throttled.reason()).isEqualTo(DiscordReasons.WELCOME_PENDING);
      assertThat(throttled.retryable()).isTrue();
      assertThat(throttled.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(10));
      assertThat(welcomed(throttled)).isEqualTo(1);
      assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::memberId).containsExactly("alice");

      discordClock.advance(Duration.ofMinutes(2));
      awaitCacheMatchesFake(channel);
      SyncReport retried = sync(sync, group(people, null));

      assertThat(retried.synced()).as(retried.message()).isTrue();
      assertThat(fake.directMessages(people.get("bob"))).hasSize(1);
      assertThat(fake.directMessages(people.get("alice"))).hasSize(1);
      assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::outcome).containsOnly(WelcomeOutcome.sent);
    } finally {
      fake.limitDirectMessageOpens(Integer.MAX_VALUE, Duration.ofMinutes(1));
    }
  }

  @Test
  void aWelcomeWhoseAnswerWasLostIsRetriedSoonWithTheSameNonceAndArrivesOnce() throws Exception {
    Map<String, String> people = people("alice");
    // Discord takes the message, but the answer comes too late for the client: the outcome is unknown
    fake.addFault(FaultRule.on("POST", "/channels/\\d+/messages").slow(Duration.ofSeconds(2)).times(1));
    try (JdaDiscordAccess impatient = discord.connect(Duration.ofMillis(500))) {
      SyncReport lost = sync(new WelcomingDiscordSync(impatient, ledger), group(people, null));

      assertThat(lost.reason()).isEqualTo(DiscordReasons.WELCOME_PENDING);
      assertThat(lost.retryable()).isTrue();
      assertThat(lost.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(10));
      assertThat(ledger.read(uid).entries()).isEmpty();
    }
    await().atMost(WAIT).until(() -> fake.directMessages(people.get("alice")).size() == 1);

    discordClock.advance(Duration.ofSeconds(10)); // the backoff's retry, well inside the nonce window
    awaitCacheMatchesFake(channel);
    SyncReport retried = sync(sync, group(people, null));

    assertThat(retried.synced()).as(retried.message()).isTrue();
    assertThat(fake.directMessages(people.get("alice"))).as("one membership, one DM").hasSize(1);
    assertThat(ledger.read(uid).entries()).extracting(WelcomeEntry::outcome).containsExactly(WelcomeOutcome.sent);
  }

  @Test
  void specTextInTheWelcomeShowsLiterallyAndPingsNobody() throws Exception {
    Map<String, String> people = people("alice");
    GroupContext group = group(people, null);
    group.spec().setDisplayName("@everyone <@&" + fake.botRoleId(guild) + "> [x](https://example.org)");

    sync(sync, group);

    assertThat(fake.directMessages(people.get("alice"))).singleElement().satisfies(m -> {
      assertThat(m.getString("content")).contains("\\@everyone \\<\\@&" + fake.botRoleId(guild) + "> \\[x\\](https://example.org)");
      assertThat(m.getBoolean("mention_everyone")).isFalse();
      assertThat(m.getJsonArray("mention_roles")).isEmpty();
      assertThat(m.getJsonArray("mentions")).isEmpty();
    });
  }

  @Test
  void anUnreadableLedgerDelaysWelcomesButNotAccess() throws Exception {
    Map<String, String> people = people("alice");
    db.jdbi().useHandle(h -> h.execute("DROP TABLE welcome"));

    SyncReport report = sync(sync, group(people, null));

    assertThat(report.synced()).isFalse();
    assertThat(report.reason()).isEqualTo(DatabaseUnavailable.REASON);
    assertThat(report.retryable()).isTrue();
    assertThat(fake.memberOverwrites(channel)).containsKey(people.get("alice"));
    assertThat(fake.directMessages(people.get("alice"))).isEmpty();
  }

  @Test
  void cleanupRemovesTheOverwritesAndForgetsTheWelcomes() throws Exception {
    Map<String, String> people = people("alice");
    GroupContext group = group(people, null);
    sync(sync, group);
    awaitCacheMatchesFake(channel);

    sync.cleanup(group, sync.targets(group.spec()));

    assertThat(fake.memberOverwrites(channel)).isEmpty();
    assertThat(ledger.read(uid)).isEqualTo(ObservedWelcomes.fresh());
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static SyncReport sync(WelcomingDiscordSync system, GroupContext group) {
    try {
      return SystemRuns.apply(system, group);
    } catch (SyncException e) {
      return SyncReport.failed(e);
    }
  }

  private static StudyGroupStatus status(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    return status;
  }

  private static int welcomed(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    return status.getDiscord().getWelcomed();
  }

  private static Map<String, String> people(String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, fake.addMember(guild, name));
    }
    return out;
  }

  private GroupContext group(Map<String, String> people, WelcomeSpec.InitialMembers initialMembers) {
    List<Member> members = new ArrayList<>();
    people.forEach((id, discordId) -> {
      Member m = new Member();
      m.setId(id);
      m.setDisplayName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
      m.setDiscordUserId(discordId);
      members.add(m);
    });
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Cohort 7 - Group " + uid);
    spec.setMembers(members);
    DiscordTarget target = new DiscordTarget();
    target.setGuildId(guild);
    target.setTextChannelId(channel);
    spec.setDiscord(target);
    if (initialMembers != null) {
      WelcomeSpec welcome = new WelcomeSpec();
      welcome.setInitialMembers(initialMembers);
      spec.setWelcome(welcome);
    }
    List<Meeting> meetings = List.of(
        new Meeting(1, FIRST_MEETING, FIRST_MEETING.plus(90, ChronoUnit.MINUTES)),
        new Meeting(2, FIRST_MEETING.plus(7, ChronoUnit.DAYS), FIRST_MEETING.plus(7, ChronoUnit.DAYS).plus(90, ChronoUnit.MINUTES)));
    return new GroupContext(uid, "course", "group-" + channel, 1, spec, meetings, NOW, null);
  }

  private static void awaitCacheMatchesFake(String channelId) {
    discord.awaitCacheMatchesFake(guild, channelId);
  }
}
