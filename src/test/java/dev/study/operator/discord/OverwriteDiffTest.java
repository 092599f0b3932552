package dev.study.operator.discord;

import static dev.study.operator.discord.DiscordPermissions.CONNECT;
import static dev.study.operator.discord.DiscordPermissions.VIEW_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.discord.OverwritePlan.Grant;
import dev.study.operator.discord.OverwritePlan.Revoke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OverwriteDiffTest {
  private static final String GUILD = "100000000000000001";
  private static final String TEXT = "200000000000000001";
  private static final String VOICE = "200000000000000002";
  private static final String ALICE = "300000000000000001";
  private static final String BOB = "300000000000000002";
  private static final String CAROL = "300000000000000003";
  private static final String MALLORY = "300000000000000009";
  private static final String BOT = "300000000000000077";
  private static final long SEND_MESSAGES = 1L << 11;
  private static final long SPEAK = 1L << 21;

  private static final List<ManagedChannel> TEXT_ONLY = List.of(new ManagedChannel(TEXT, VIEW_CHANNEL));
  private static final List<ManagedChannel> TEXT_AND_VOICE =
      List.of(new ManagedChannel(TEXT, VIEW_CHANNEL), new ManagedChannel(VOICE, VIEW_CHANNEL | CONNECT));

  /** One row of the table: what is wanted, what is there, and exactly what the plan must say. */
  record Case(String name, Set<String> members, List<ManagedChannel> channels,
      Map<String, Map<String, Overwrite>> observed, List<Grant> grants, List<Revoke> revokes, Set<String> unchanged,
      Set<String> untouchable) {
    Case(String name, Set<String> members, List<ManagedChannel> channels, Map<String, Map<String, Overwrite>> observed,
        List<Grant> grants, List<Revoke> revokes, Set<String> unchanged) {
      this(name, members, channels, observed, grants, revokes, unchanged, Set.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        new Case("grantsEveryMemberOfANewGroup", Set.of(ALICE), TEXT_ONLY, Map.of(TEXT, Map.of()),
            List.of(new Grant(TEXT, ALICE, allow(VIEW_CHANNEL), true)), List.of(), Set.of()),
        new Case("grantsTextAndVoiceWhenBothAreManaged", Set.of(ALICE), TEXT_AND_VOICE,
            Map.of(TEXT, Map.of(), VOICE, Map.of()),
            List.of(new Grant(TEXT, ALICE, allow(VIEW_CHANNEL), true),
                new Grant(VOICE, ALICE, allow(VIEW_CHANNEL | CONNECT), true)), List.of(), Set.of()),
        new Case("leavesAMemberWithTheNeededBitsUnchanged", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL))), List.of(), List.of(), Set.of(ALICE)),
        new Case("leavesExtraAllowedBitsAlone", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL | SEND_MESSAGES))), List.of(), List.of(), Set.of(ALICE)),
        new Case("leavesExtraDeniedBitsAloneWhenNeededBitsAreAllowed", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, new Overwrite(VIEW_CHANNEL, SEND_MESSAGES))), List.of(), List.of(), Set.of(ALICE)),
        new Case("fixesAnOverwriteThatDeniesTheNeededBit", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, new Overwrite(0, VIEW_CHANNEL | SEND_MESSAGES))),
            List.of(new Grant(TEXT, ALICE, new Overwrite(VIEW_CHANNEL, SEND_MESSAGES), false)), List.of(), Set.of()),
        new Case("widensAnOverwriteThatLacksTheNeededBitKeepingItsOthers", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(SEND_MESSAGES))),
            List.of(new Grant(TEXT, ALICE, allow(SEND_MESSAGES | VIEW_CHANNEL), false)), List.of(), Set.of()),
        new Case("widensAVoiceOverwriteThatCanSeeButNotConnect", Set.of(ALICE), TEXT_AND_VOICE,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL)), VOICE, Map.of(ALICE, allow(VIEW_CHANNEL | SPEAK))),
            List.of(new Grant(VOICE, ALICE, allow(VIEW_CHANNEL | SPEAK | CONNECT), false)), List.of(), Set.of()),
        new Case("fixesAVoiceOverwriteThatDeniesConnect", Set.of(ALICE), TEXT_AND_VOICE,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL)), VOICE, Map.of(ALICE, new Overwrite(VIEW_CHANNEL, CONNECT))),
            List.of(new Grant(VOICE, ALICE, allow(VIEW_CHANNEL | CONNECT), false)), List.of(), Set.of()),
        new Case("revokesAccessOfRemovedMember", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOB, allow(VIEW_CHANNEL))),
            List.of(), List.of(new Revoke(TEXT, BOB)), Set.of(ALICE)),
        new Case("revokesANonMemberOnEveryManagedChannel", Set.of(ALICE), TEXT_AND_VOICE,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), MALLORY, allow(VIEW_CHANNEL)),
                VOICE, Map.of(ALICE, allow(VIEW_CHANNEL | CONNECT), MALLORY, allow(CONNECT))),
            List.of(), List.of(new Revoke(TEXT, MALLORY), new Revoke(VOICE, MALLORY)), Set.of(ALICE)),
        new Case("neverTouchesAModeratorsMuteOfANonMember", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), MALLORY, new Overwrite(0, VIEW_CHANNEL))),
            List.of(), List.of(), Set.of(ALICE)),
        new Case("neverTouchesANonMemberOverwriteWithoutManagedAllowBits", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(MALLORY, new Overwrite(SEND_MESSAGES, SPEAK))),
            List.of(new Grant(TEXT, ALICE, allow(VIEW_CHANNEL), true)), List.of(), Set.of()),
        new Case("takesOnlyTheManagedBitFromANonMemberKeepingExtraAllowBits", Set.of(), TEXT_ONLY,
            Map.of(TEXT, Map.of(MALLORY, allow(VIEW_CHANNEL | SEND_MESSAGES))),
            List.of(), List.of(new Revoke(TEXT, MALLORY, allow(SEND_MESSAGES))), Set.of()),
        new Case("takesOnlyTheManagedBitFromANonMemberKeepingDenyBits", Set.of(), TEXT_ONLY,
            Map.of(TEXT, Map.of(MALLORY, new Overwrite(VIEW_CHANNEL, SEND_MESSAGES))),
            List.of(), List.of(new Revoke(TEXT, MALLORY, new Overwrite(0, SEND_MESSAGES))), Set.of()),
        new Case("takesBothVoiceBitsFromANonMemberKeepingSpeak", Set.of(), TEXT_AND_VOICE,
            Map.of(VOICE, Map.of(MALLORY, allow(VIEW_CHANNEL | CONNECT | SPEAK))),
            List.of(), List.of(new Revoke(VOICE, MALLORY, allow(SPEAK))), Set.of()),
        new Case("neverTouchesTheBotsOwnOverwrite", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOT, allow(VIEW_CHANNEL))),
            List.of(), List.of(), Set.of(ALICE), Set.of(BOT)),
        new Case("neverWidensTheBotsOwnOverwriteEvenWhenListedAsMember", Set.of(ALICE, BOT), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOT, new Overwrite(0, VIEW_CHANNEL))),
            List.of(), List.of(), Set.of(ALICE), Set.of(BOT)),
        new Case("grantsAddedMemberOnly", Set.of(ALICE, BOB), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL))),
            List.of(new Grant(TEXT, BOB, allow(VIEW_CHANNEL), true)), List.of(), Set.of(ALICE)),
        new Case("swapsOneMemberForAnother", Set.of(ALICE, CAROL), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOB, allow(VIEW_CHANNEL))),
            List.of(new Grant(TEXT, CAROL, allow(VIEW_CHANNEL), true)), List.of(new Revoke(TEXT, BOB)), Set.of(ALICE)),
        new Case("revokesEveryoneWhenNoMemberHasADiscordId", Set.of(), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOB, allow(VIEW_CHANNEL))),
            List.of(), List.of(new Revoke(TEXT, ALICE), new Revoke(TEXT, BOB)), Set.of()),
        new Case("plansNothingForAnEmptyGroupOnAnEmptyChannel", Set.of(), TEXT_ONLY, Map.of(TEXT, Map.of()),
            List.of(), List.of(), Set.of()),
        new Case("countsAMemberGrantedOnOneChannelAsChanged", Set.of(ALICE, BOB), TEXT_AND_VOICE,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL), BOB, allow(VIEW_CHANNEL)),
                VOICE, Map.of(ALICE, allow(VIEW_CHANNEL | CONNECT))),
            List.of(new Grant(VOICE, BOB, allow(VIEW_CHANNEL | CONNECT), true)), List.of(), Set.of(ALICE)),
        new Case("treatsAChannelNotObservedAsEmpty", Set.of(ALICE), TEXT_ONLY, Map.of(),
            List.of(new Grant(TEXT, ALICE, allow(VIEW_CHANNEL), true)), List.of(), Set.of()),
        new Case("ignoresOverwritesOnChannelsItDoesNotManage", Set.of(ALICE), TEXT_ONLY,
            Map.of(TEXT, Map.of(ALICE, allow(VIEW_CHANNEL)), VOICE, Map.of(MALLORY, allow(VIEW_CHANNEL))),
            List.of(), List.of(), Set.of(ALICE))
    ).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void plansExactlyTheDifference(Case c) {
    OverwritePlan plan = OverwriteDiff.plan(new DesiredAccess(GUILD, c.members(), c.channels()),
        observed(c.observed(), c.untouchable()));

    assertThat(plan.grants()).containsExactlyInAnyOrderElementsOf(c.grants());
    assertThat(plan.revokes()).containsExactlyInAnyOrderElementsOf(c.revokes());
    assertThat(plan.unchangedMembers()).containsExactlyInAnyOrderElementsOf(c.unchanged());
    assertThat(plan.members()).containsExactlyInAnyOrderElementsOf(c.members());
    assertThat(plan.isEmpty()).isEqualTo(c.grants().isEmpty() && c.revokes().isEmpty());
  }

  @Test
  void cleanupTakesTheManagedBitsFromEveryoneButTheBotAndLeavesMutesAlone() {
    Map<String, Overwrite> text = Map.of(ALICE, allow(VIEW_CHANNEL), BOB, allow(VIEW_CHANNEL | SEND_MESSAGES),
        MALLORY, new Overwrite(0, VIEW_CHANNEL), BOT, allow(VIEW_CHANNEL));

    OverwritePlan plan = OverwriteDiff.cleanup(GUILD, TEXT_ONLY, observed(Map.of(TEXT, text), Set.of(BOT)));

    assertThat(plan.grants()).isEmpty();
    assertThat(plan.revokes()).containsExactly(new Revoke(TEXT, ALICE), new Revoke(TEXT, BOB, allow(SEND_MESSAGES)));
  }

  @Test
  void summarisesOverwriteCounts() {
    OverwritePlan plan = OverwriteDiff.plan(new DesiredAccess(GUILD, Set.of(ALICE, CAROL), TEXT_ONLY),
        observed(Map.of(TEXT, Map.of(BOB, allow(VIEW_CHANNEL)))));

    assertThat(plan.summary()).isEqualTo("grant 2, revoke 1");
  }

  @Test
  void plansRevokesInAStableOrder() {
    Map<String, Overwrite> many = new LinkedHashMap<>();
    List<Revoke> expected = new ArrayList<>();
    for (int i = 30; i >= 10; i--) {
      String id = "4000000000000000" + i;
      many.put(id, allow(VIEW_CHANNEL));
    }
    for (int i = 10; i <= 30; i++) {
      expected.add(new Revoke(TEXT, "4000000000000000" + i));
    }

    OverwritePlan plan = OverwriteDiff.plan(new DesiredAccess(GUILD, Set.of(), TEXT_ONLY),
        observed(Map.of(TEXT, many)));

    assertThat(plan.revokes()).containsExactlyElementsOf(expected);
  }

  @Test
  void desiresOnlyMembersWithADiscordIdAndTheVoiceChannelWhenGiven() {
    DiscordTarget target = new DiscordTarget();
    target.setGuildId(GUILD);
    target.setTextChannelId(TEXT);
    target.setVoiceChannelId(VOICE);

    DesiredAccess desired = DesiredAccess.of(target, List.of(member("alice", ALICE), member("erin", null)));

    assertThat(desired.userIds()).containsExactly(ALICE);
    assertThat(desired.channels()).containsExactlyElementsOf(TEXT_AND_VOICE);
  }

  @Test
  void desiresOnlyTheTextChannelWithoutAVoiceChannel() {
    DiscordTarget target = new DiscordTarget();
    target.setGuildId(GUILD);
    target.setTextChannelId(TEXT);

    assertThat(DesiredAccess.of(target, List.of()).channels()).containsExactlyElementsOf(TEXT_ONLY);
  }

  private static Member member(String id, String discordUserId) {
    Member m = new Member();
    m.setId(id);
    m.setDiscordUserId(discordUserId);
    return m;
  }

  private static Overwrite allow(long bits) {
    return new Overwrite(bits, 0);
  }

  /** The observation of plain maps: channel id to (user id to overwrite). */
  private static ObservedOverwrites observed(Map<String, Map<String, Overwrite>> byChannel) {
    return observed(byChannel, Set.of());
  }

  private static ObservedOverwrites observed(Map<String, Map<String, Overwrite>> byChannel, Set<String> untouchable) {
    List<ChannelOverwrites> channels = new ArrayList<>();
    byChannel.forEach((id, members) -> channels.add(new ChannelOverwrites(id, members)));
    return ObservedOverwrites.of(channels, untouchable);
  }
}
