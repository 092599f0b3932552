package dev.study.operator.safety;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.condition;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.reconcile.RemovalGuard;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.discord.FakeDiscord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guard rails for bulk changes, end to end: a mass removal is held until a person approves that generation,
 * small groups are exempt, and protected people's overwrites are never touched.
 */
class GuardRailsIT {
  @TempDir
  Path dir;
  private FullStack stack;
  private OperatorHarness harness;

  @BeforeEach
  void startFakes() throws Exception {
    stack = new FullStack(dir);
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void aFiveMemberGroupCutToOneIsHeldUntilThatGenerationIsApproved() throws Exception {
    harness = stack.start();
    harness.create(stack.group("big", "alice", "bob", "carol", "dave", "erin"));
    String uid = stack.awaitGroup("big", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();
    int rsvps = stack.rsvps().forGroup(uid).size();
    assertThat(rsvps).isEqualTo(5 * 4);
    int revokes = stack.discord.count("DELETE /channels/{id}/permissions/{target}");

    StudyGroup cut = harness.edit(NS, "big", g -> {
      g.getSpec().setMembers(new ArrayList<>(g.getSpec().getMembers().subList(0, 1)));
      return g;
    });
    long generation = cut.getMetadata().getGeneration();

    StudyGroup held = stack.awaitGroup("big", hasCondition("Ready", "False", RemovalGuard.REMOVAL_HELD));
    assertThat(condition(held, "Ready").get().getMessage()).contains("4 of 5 members (bob, carol, dave, erin)",
        "study.dev/approve-removal=\"" + generation + "\"");
    assertThat(condition(held, "Stalled").get().getStatus()).isEqualTo("True");
    assertThat(held.getStatus().getPlan().getHeldRemovals()).containsExactly("bob", "carol", "dave", "erin");
    assertThat(held.getStatus().getPlan().getSystems()).extracting(p -> p.getSystem())
        .contains("DiscordSynced", "CalendarSynced", "RsvpsSynced");
    assertThat(stack.discord.memberOverwrites(stack.text)).hasSize(5);
    assertThat(stack.discord.count("DELETE /channels/{id}/permissions/{target}")).isEqualTo(revokes);
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).allSatisfy(e -> assertThat(attendees(e)).hasSize(5));
    assertThat(stack.rsvps().forGroup(uid)).hasSize(rsvps);
    await().atMost(OperatorHarness.WAIT).until(() -> warnings("big", RemovalGuard.REMOVAL_HELD) == 1);

    approve("big", generation);

    stack.awaitGroup("big", hasCondition("Ready", "True", Reasons.READY));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).size() == 1);
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).allSatisfy(e -> assertThat(attendees(e)).hasSize(1));
    assertThat(stack.rsvps().forGroup(uid)).hasSize(4);
    assertThat(harness.get(NS, "big").getStatus().getPlan()).isNull();

    // a later mass removal needs its own approval
    List<Member> joining = new ArrayList<>();
    for (String name : List.of("fred", "gina", "hugo", "ines")) {
      Member m = StudyGroups.member(name);
      m.setDiscordUserId(stack.discord.addMember(stack.guild, name));
      joining.add(m);
    }
    // the edit may run again on a conflict with a status write, so it sets the list rather than appending
    harness.edit(NS, "big", g -> {
      List<Member> members = new ArrayList<>(g.getSpec().getMembers().subList(0, 1));
      members.addAll(joining);
      g.getSpec().setMembers(members);
      return g;
    });
    stack.awaitGroup("big", hasCondition("Ready", "True", Reasons.READY)
        .and(g -> g.getStatus().getAppliedMembers().size() == 5));
    harness.edit(NS, "big", g -> {
      g.getSpec().setMembers(new ArrayList<>(g.getSpec().getMembers().subList(0, 1)));
      return g;
    });
    stack.awaitGroup("big", hasCondition("Ready", "False", RemovalGuard.REMOVAL_HELD));
    assertThat(stack.discord.memberOverwrites(stack.text)).hasSize(5);
  }

  @Test
  void aGroupOfThreeIsNotHeld() throws Exception {
    harness = stack.start();
    harness.create(stack.group("small", "alice", "bob", "carol"));
    stack.awaitGroup("small", hasCondition("Ready", "True", Reasons.READY));

    harness.edit(NS, "small", g -> {
      g.getSpec().setMembers(new ArrayList<>(g.getSpec().getMembers().subList(0, 1)));
      return g;
    });

    stack.awaitGroup("small", hasCondition("Ready", "True", Reasons.READY)
        .and(g -> g.getStatus().getMemberCount() == 1));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).size() == 1);
  }

  @Test
  void protectedPeopleKeepTheirOverwritesThroughSyncAndCleanup() throws Exception {
    String moderator = stack.discord.addMember(stack.guild, "moderator");
    String otherBot = stack.discord.addMember(stack.guild, "other-bot");
    stack.discord.grantByHand(stack.text, moderator, FakeDiscord.VIEW_CHANNEL, 0);
    stack.discord.grantByHand(stack.text, otherBot, FakeDiscord.VIEW_CHANNEL | FakeDiscord.SEND_MESSAGES, 0);
    harness = stack.start(Map.of("PROTECTED_DISCORD_USERS", moderator + "," + otherBot));
    harness.create(stack.group("guarded", "alice"));
    stack.awaitGroup("guarded", hasCondition("Ready", "True", Reasons.READY));

    assertThat(stack.discord.memberOverwrites(stack.text)).containsKeys(moderator, otherBot).hasSize(3);

    harness.delete(NS, "guarded");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "guarded") == null);
    assertThat(stack.discord.memberOverwrites(stack.text)).containsOnlyKeys(moderator, otherBot);
    assertThat(stack.discord.memberOverwrites(stack.text).get(moderator)[0]).isEqualTo(FakeDiscord.VIEW_CHANNEL);
  }

  private void approve(String name, long generation) {
    harness.edit(NS, name, g -> {
      Map<String, String> annotations = g.getMetadata().getAnnotations() == null ? new HashMap<>()
          : new HashMap<>(g.getMetadata().getAnnotations());
      annotations.put(RemovalGuard.APPROVE_ANNOTATION, Long.toString(generation));
      g.getMetadata().setAnnotations(annotations);
      return g;
    });
  }

  private long warnings(String name, String reason) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).count();
  }

  private static List<?> attendees(Map<String, Object> event) {
    Object list = event.get("attendees");
    return list instanceof List<?> l ? l : List.of();
  }
}
