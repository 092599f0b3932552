package dev.study.operator.discord.welcome;

import static dev.study.operator.api.WelcomeSpec.InitialMembers.Skip;
import static dev.study.operator.api.WelcomeSpec.InitialMembers.Welcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.WelcomeSpec;
import dev.study.operator.api.WelcomeSpec.InitialMembers;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WelcomeDiffTest {
  private static final String ALICE = "300000000000000001";
  private static final String BOB = "300000000000000002";
  private static final String CAROL = "300000000000000003";
  private static final String BOB_NEW_ACCOUNT = "300000000000000022";

  /** One row of the table: members, policy, ledger, and exactly what the plan must say. */
  record Case(String name, List<Member> members, InitialMembers policy, ObservedWelcomes history,
      List<WelcomeRecipient> send, List<WelcomeRecipient> skip, List<String> forget, boolean initialize) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        new Case("welcomesEveryMemberOfABrandNewGroup", members(m("alice", ALICE), m("bob", BOB)), Welcome,
            ObservedWelcomes.fresh(), List.of(r("alice", ALICE), r("bob", BOB)), List.of(), List.of(), true),
        new Case("skipsTheInitialMembersWithSkip", members(m("alice", ALICE), m("bob", BOB)), Skip,
            ObservedWelcomes.fresh(), List.of(), List.of(r("alice", ALICE), r("bob", BOB)), List.of(), true),
        new Case("welcomesALaterJoinerEvenWithSkip", members(m("alice", ALICE), m("carol", CAROL)), Skip,
            initialized(e("alice", ALICE, WelcomeOutcome.skipped)), List.of(r("carol", CAROL)), List.of(), List.of(),
            false),
        new Case("welcomesANewMemberOfAnInitializedGroup", members(m("alice", ALICE), m("bob", BOB)), Welcome,
            initialized(e("alice", ALICE, WelcomeOutcome.sent)), List.of(r("bob", BOB)), List.of(), List.of(), false),
        new Case("plansNothingForAnUnchangedGroup", members(m("alice", ALICE), m("bob", BOB), m("carol", CAROL)),
            Welcome, initialized(e("alice", ALICE, WelcomeOutcome.sent), e("bob", BOB, WelcomeOutcome.skipped),
                e("carol", CAROL, WelcomeOutcome.undeliverable)),
            List.of(), List.of(), List.of(), false),
        new Case("doesNotRetryAnUndeliverableWelcome", members(m("alice", ALICE)), Welcome,
            initialized(e("alice", ALICE, WelcomeOutcome.undeliverable)), List.of(), List.of(), List.of(), false),
        new Case("neverWelcomesAMemberWithoutADiscordId", members(m("alice", ALICE), m("erin", null)), Welcome,
            ObservedWelcomes.fresh(), List.of(r("alice", ALICE)), List.of(), List.of(), true),
        new Case("forgetsTheRowOfAFormerMember", members(m("alice", ALICE)), Welcome,
            initialized(e("alice", ALICE, WelcomeOutcome.sent), e("bob", BOB, WelcomeOutcome.sent)),
            List.of(), List.of(), List.of("bob"), false),
        new Case("forgetsTheRowOfAFormerMemberWhoWasSkipped", members(), Skip,
            initialized(e("alice", ALICE, WelcomeOutcome.skipped)), List.of(), List.of(), List.of("alice"), false),
        new Case("welcomesAgainAMemberWhoRejoinedAfterTheirRowWasForgotten", members(m("alice", ALICE), m("bob", BOB)),
            Skip, initialized(e("alice", ALICE, WelcomeOutcome.skipped)), List.of(r("bob", BOB)), List.of(),
            List.of(), false),
        new Case("welcomesAMemberWhoseDiscordIdChanged", members(m("bob", BOB_NEW_ACCOUNT)), Welcome,
            initialized(e("bob", BOB, WelcomeOutcome.undeliverable)), List.of(r("bob", BOB_NEW_ACCOUNT)), List.of(),
            List.of(), false),
        new Case("keepsTheRowOfAMemberWhoNoLongerHasADiscordId", members(m("bob", null)), Welcome,
            initialized(e("bob", BOB, WelcomeOutcome.sent)), List.of(), List.of(), List.of(), false),
        new Case("onlyInitializesAGroupWithoutDiscordMembers", members(m("erin", null)), Skip, ObservedWelcomes.fresh(),
            List.of(), List.of(), List.of(), true))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void plansExactlyTheWelcomes(Case c) {
    WelcomePlan plan = WelcomeDiff.plan(c.members(), c.policy(), c.history());

    assertThat(plan.send()).as("send").containsExactlyElementsOf(c.send());
    assertThat(plan.skip()).as("skip").containsExactlyElementsOf(c.skip());
    assertThat(plan.forget()).as("forget").containsExactlyElementsOf(c.forget());
    assertThat(plan.initialize()).as("initialize").isEqualTo(c.initialize());
    assertThat(plan.isEmpty())
        .isEqualTo(c.send().isEmpty() && c.skip().isEmpty() && c.forget().isEmpty() && !c.initialize());
  }

  @Test
  void initialMembersDefaultToWelcome() {
    assertThat(WelcomeSpec.initialMembersOf(null)).isEqualTo(Welcome);
    WelcomeSpec empty = new WelcomeSpec();
    empty.setInitialMembers(null);
    assertThat(WelcomeSpec.initialMembersOf(empty)).isEqualTo(Welcome);
    assertThat(new WelcomeSpec().getInitialMembers()).isEqualTo(Welcome);
  }

  @Test
  void summaryCountsEachKind() {
    WelcomePlan plan = WelcomeDiff.plan(members(m("alice", ALICE), m("bob", BOB)), Welcome,
        initialized(e("alice", ALICE, WelcomeOutcome.sent), e("carol", CAROL, WelcomeOutcome.sent)));

    assertThat(plan.summary()).isEqualTo("welcome 1, skip 0, forget 1");
  }

  // ---- the message -------------------------------------------------------------------------------------------

  private static final Instant NOW = Instant.parse("2027-01-12T12:00:00Z");

  @Test
  void messageNamesTheGroupTheFirstUpcomingMeetingTheOthersAndTheChannel() {
    GroupContext group = group(List.of(meeting(1, "2027-01-05T18:00:00Z"), meeting(2, "2027-01-12T18:00:00Z"),
        meeting(3, "2027-01-19T18:00:00Z")), m("alice", ALICE), m("bob", BOB), m("carol", CAROL));

    String text = WelcomeMessage.compose(group, "bob");

    long epoch = Instant.parse("2027-01-12T18:00:00Z").getEpochSecond();
    assertThat(text).contains("Cohort 7 - Group 3")
        .contains("<t:" + epoch + ":F>")
        .contains("Your fellow members: Alice and Carol.")
        .doesNotContain("Bob")
        .contains("https://discord.com/channels/100000000000000001/200000000000000001");
  }

  @Test
  void messageSaysSoWhenNoMeetingIsAheadOrNobodyElseIsThere() {
    GroupContext group = group(List.of(meeting(1, "2027-01-05T18:00:00Z")), m("alice", ALICE));

    String text = WelcomeMessage.compose(group, "alice");

    assertThat(text).contains("no upcoming meetings").contains("first member").doesNotContain("<t:");
  }

  @Test
  void messageStaysWithinDiscordsLimitForFiftyLongNames() {
    List<Member> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Member m = m("member" + i, String.valueOf(300000000000001000L + i));
      m.setDisplayName("A very long display name for member number " + i + " of this group, really quite long");
      many.add(m);
    }
    GroupContext group = group(List.of(meeting(3, "2027-01-19T18:00:00Z")), many.toArray(Member[]::new));

    String text = WelcomeMessage.compose(group, "member0");

    assertThat(text.length()).isLessThanOrEqualTo(2000);
    assertThat(text).containsPattern(" and \\d+ more\\.").contains("https://discord.com/channels/");
  }

  @Test
  void nonceIsStableShortAndPerMembership() {
    String nonce = WelcomeMessage.nonce("uid-1", "alice", ALICE);

    assertThat(nonce).isEqualTo(WelcomeMessage.nonce("uid-1", "alice", ALICE)).hasSizeLessThanOrEqualTo(25);
    assertThat(nonce).isNotEqualTo(WelcomeMessage.nonce("uid-2", "alice", ALICE))
        .isNotEqualTo(WelcomeMessage.nonce("uid-1", "bob", ALICE))
        .isNotEqualTo(WelcomeMessage.nonce("uid-1", "alice", BOB));
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static GroupContext group(List<Meeting> meetings, Member... members) {
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Cohort 7 - Group 3");
    spec.setMembers(new ArrayList<>(List.of(members)));
    DiscordTarget discord = new DiscordTarget();
    discord.setGuildId("100000000000000001");
    discord.setTextChannelId("200000000000000001");
    spec.setDiscord(discord);
    return new GroupContext("uid-1", "course", "group3", 1, spec, meetings, NOW, null);
  }

  private static Meeting meeting(int number, String start) {
    Instant s = Instant.parse(start);
    return new Meeting(number, s, s.plus(90, ChronoUnit.MINUTES));
  }

  private static List<Member> members(Member... members) {
    return List.of(members);
  }

  private static Member m(String id, String discordUserId) {
    Member m = new Member();
    m.setId(id);
    m.setDisplayName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
    m.setDiscordUserId(discordUserId);
    if (discordUserId == null) {
      m.setEmail(id + "@example.org");
    }
    return m;
  }

  private static WelcomeRecipient r(String memberId, String discordUserId) {
    return new WelcomeRecipient(memberId, discordUserId);
  }

  private static WelcomeEntry e(String memberId, String discordUserId, WelcomeOutcome outcome) {
    return new WelcomeEntry(memberId, discordUserId, outcome);
  }

  private static ObservedWelcomes initialized(WelcomeEntry... entries) {
    return new ObservedWelcomes(true, List.of(entries));
  }
}
