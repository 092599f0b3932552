package dev.study.operator.safety;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.condition;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.reminders.Reminder;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boundary a namespace user cannot cross, end to end: the operator wired as in production, the real JDA and
 * Google clients against the fakes, a real PostgreSQL. A group never takes another group's channel, never
 * reaches a channel outside its guild or the allowed categories, leaves nothing on a channel it moved off, and a
 * group that was never valid is deleted without touching anything.
 */
class DiscordSafetyIT {
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
  void aSecondGroupOnAChannelIsClaimedWritesNothingAndTakesOverWhenTheHolderGoes() throws Exception {
    harness = stack.start();
    StudyGroup holder = stack.group("holder", "alice");
    harness.create(holder);
    stack.awaitGroup("holder", hasCondition("Ready", "True", Reasons.READY));
    String alice = holder.getSpec().getMembers().get(0).getDiscordUserId();
    stack.clock.advance(Duration.ofSeconds(1));

    StudyGroup second = stack.group("second", "bob");
    String bob = second.getSpec().getMembers().get(0).getDiscordUserId();
    harness.create(second);
    StudyGroup claimed = stack.awaitGroup("second", hasCondition("DiscordSynced", "False", "ChannelClaimed"));

    assertThat(condition(claimed, "DiscordSynced").get().getMessage()).contains("course/holder");
    assertThat(condition(claimed, "Stalled").get().getStatus()).isEqualTo("True");
    assertThat(stack.discord.memberOverwrites(stack.text)).containsOnlyKeys(alice);
    // converged: nothing more is written, to Discord or to the API server, by either group
    String holderVersion = stack.awaitGroup("holder", g -> true).getMetadata().getResourceVersion();
    String secondVersion = stack.awaitGroup("second", g -> condition(g, "CalendarSynced")
        .filter(c -> "True".equals(c.getStatus())).isPresent()).getMetadata().getResourceVersion();
    int writes = stack.discord.writeCount();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
        stack.discord.writeCount() == writes
            && harness.get(NS, "holder").getMetadata().getResourceVersion().equals(holderVersion)
            && harness.get(NS, "second").getMetadata().getResourceVersion().equals(secondVersion));

    harness.delete(NS, "holder");

    stack.awaitGroup("second", hasCondition("Ready", "True", Reasons.READY));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).keySet()
        .equals(java.util.Set.of(bob)));
  }

  @Test
  void aChannelOutsideTheAllowedCategoriesIsInvalidAndNothingIsWritten() throws Exception {
    String study = stack.discord.addCategory(stack.guild, "Study Groups");
    String staffCategory = stack.discord.addCategory(stack.guild, "Staff");
    String staff = stack.discord.addTextChannel(stack.guild, "staff");
    stack.discord.moveToCategory(stack.text, study);
    stack.discord.moveToCategory(staff, staffCategory);
    harness = stack.start(Map.of("ALLOWED_DISCORD_CATEGORIES", study));
    int writes = stack.discord.writeCount();
    StudyGroup g = stack.group("into-staff", "alice");
    g.getSpec().getDiscord().setTextChannelId(staff);

    harness.create(g);

    StudyGroup seen = stack.awaitGroup("into-staff", hasCondition("DiscordSynced", "False", Reasons.INVALID_SPEC));
    assertThat(condition(seen, "DiscordSynced").get().getMessage())
        .contains("spec.discord.textChannelId", "allowed categories", staffCategory);
    assertThat(condition(seen, "Ready").get().getReason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(stack.discord.memberOverwrites(staff)).isEmpty();
    assertThat(stack.discord.writeCount()).isEqualTo(writes);
  }

  @Test
  void remindersScheduledIntoAChannelMovedOutOfScopeAreHeldAndResumeWhenItIsBack() throws Exception {
    String study = stack.discord.addCategory(stack.guild, "Study Groups");
    String staff = stack.discord.addCategory(stack.guild, "Staff");
    stack.discord.moveToCategory(stack.text, study);
    harness = stack.start(Map.of("ALLOWED_DISCORD_CATEGORIES", study, "RESYNC_INTERVAL", "1s"));
    harness.create(stack.group("moved", "alice"));
    String uid = stack.awaitGroup("moved", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();
    assertThat(stack.reminders().forGroup(uid)).isNotEmpty().allMatch(r -> r.state() == ReminderState.pending);

    stack.discord.moveToCategory(stack.text, staff); // an admin drags the channel under Staff

    stack.awaitGroup("moved", hasCondition("RemindersSynced", "False", Reasons.INVALID_SPEC));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.reminders().forGroup(uid).stream()
        .allMatch(r -> r.state() == ReminderState.held));

    stack.discord.moveToCategory(stack.text, study);

    stack.awaitGroup("moved", hasCondition("Ready", "True", Reasons.READY));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.reminders().forGroup(uid).stream()
        .allMatch(r -> r.state() == ReminderState.pending));
  }

  @Test
  void aReminderChannelInAnotherGuildIsInvalidAndNothingIsWrittenOrScheduled() throws Exception {
    String otherGuild = stack.discord.addGuild("Elsewhere", stack.discord.LEAST_PRIVILEGE);
    String announcements = stack.discord.addTextChannel(otherGuild, "announcements");
    harness = stack.start();
    int writes = stack.discord.writeCount();
    StudyGroup g = stack.group("elsewhere", "alice");
    g.getSpec().getDiscord().setReminderChannelId(announcements);

    harness.create(g);

    StudyGroup seen = stack.awaitGroup("elsewhere", hasCondition("RemindersSynced", "False", Reasons.INVALID_SPEC));
    assertThat(condition(seen, "DiscordSynced").get().getMessage())
        .contains("spec.discord.reminderChannelId", "another guild");
    assertThat(stack.discord.writeCount()).isEqualTo(writes);
    assertThat(stack.discord.messages(announcements)).isEmpty();
    assertThat(stack.reminders().forGroup(seen.getMetadata().getUid())).isEmpty();
  }

  @Test
  void aChangedTextChannelLeavesNoMemberAccessOnTheOldOne() throws Exception {
    String next = stack.discord.addTextChannel(stack.guild, "next");
    harness = stack.start();
    StudyGroup g = stack.group("mover", "alice", "bob");
    harness.create(g);
    stack.awaitGroup("mover", hasCondition("Ready", "True", Reasons.READY));
    assertThat(stack.discord.memberOverwrites(stack.text)).hasSize(2);

    harness.edit(NS, "mover", x -> {
      x.getSpec().getDiscord().setTextChannelId(next);
      return x;
    });

    stack.awaitGroup("mover", hasCondition("Ready", "True", Reasons.READY));
    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.memberOverwrites(stack.text).isEmpty());
    assertThat(stack.discord.memberOverwrites(next)).hasSize(2);
  }

  @Test
  void deletingAGroupWhoseGuildIsOffTheAllowlistTouchesNothing() throws Exception {
    String moderator = stack.discord.addMember(stack.guild, "moderator");
    stack.discord.grantByHand(stack.text, moderator);
    harness = stack.start(Map.of("ALLOWED_DISCORD_GUILDS", "100000000000000777"));
    harness.create(stack.group("foreign", "alice"));
    stack.awaitGroup("foreign", hasCondition("Ready", "False", Reasons.INVALID_SPEC));
    int writes = stack.discord.writeCount();

    harness.delete(NS, "foreign");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "foreign") == null);
    assertThat(stack.discord.writeCount()).isEqualTo(writes);
    assertThat(stack.discord.memberOverwrites(stack.text)).containsOnlyKeys(moderator);
    assertThat(events("foreign")).anyMatch(e -> "CleanupSkipped".equals(e.getReason())
        && e.getMessage().contains("nothing outside was touched"));
  }

  @Test
  void aMemberNotYetInTheGuildIsGrantedAndWelcomedWhenTheyJoin() throws Exception {
    harness = stack.start();
    StudyGroup g = stack.group("joiners", "alice");
    String zoe = stack.discord.addUser("zoe");
    var member = StudyGroups.member("zoe");
    member.setDiscordUserId(zoe);
    g.getSpec().getMembers().add(member);
    harness.create(g);

    stack.awaitGroup("joiners", hasCondition("DiscordSynced", "True", Reasons.SYNCED));
    assertThat(stack.discord.memberOverwrites(stack.text)).containsKey(zoe);
    assertThat(stack.discord.directMessages(zoe)).isEmpty();

    stack.discord.join(stack.guild, zoe);

    await().atMost(OperatorHarness.WAIT).until(() -> stack.discord.directMessages(zoe).size() == 1);
  }

  @Test
  void orphanDeletionLeavesDiscordButCancelsTheGroupsReminders() throws Exception {
    harness = stack.start();
    StudyGroup g = stack.group("orphan", "alice");
    g.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    harness.create(g);
    String uid = stack.awaitGroup("orphan", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();
    assertThat(stack.reminders().forGroup(uid)).isNotEmpty().allMatch(r -> r.state() == ReminderState.pending);

    harness.delete(NS, "orphan");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "orphan") == null);
    List<Reminder> rows = stack.reminders().forGroup(uid);
    assertThat(rows).isNotEmpty().allMatch(r -> r.state() == ReminderState.cancelled);
    assertThat(stack.discord.memberOverwrites(stack.text)).hasSize(1);
  }

  @Test
  void aChangedCalendarLeavesNoFutureEventInTheOldOne() throws Exception {
    String next = "cohort7-group3-new@group.calendar.google.com";
    stack.calendar.addCalendar(next);
    harness = stack.start();
    harness.create(stack.group("calendars", "alice"));
    stack.awaitGroup("calendars", hasCondition("Ready", "True", Reasons.READY));
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).hasSize(4);

    harness.edit(NS, "calendars", x -> {
      x.getSpec().getCalendar().setCalendarId(next);
      return x;
    });

    stack.awaitGroup("calendars", hasCondition("Ready", "True", Reasons.READY)
        .and(x -> x.getStatus().getTargets().stream().anyMatch(t -> t.getIds().equals(List.of(next)))));
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).isEmpty();
    assertThat(stack.calendar.liveEvents(next)).hasSize(4);
  }

  private List<Event> events(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
