package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import static dev.study.operator.testing.OperatorHarness.condition;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.OperatorSystems;
import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.SystemTargets;
import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the reconciler does with the targets systems write to: a target the spec drops is cleaned, deletion
 * cleans every recorded target on the paths it should and none on the others, one channel belongs to one
 * group, and no spec reaches a channel outside the guild or the allowed categories. Test doubles stand in
 * for the four systems (their adapters have ITs of their own); the API server is the mock in CRUD mode.
 */
class TargetsAndClaimsIT {
  private static final String NS = "course";
  private static final String OLD_TEXT = StudyGroups.GUILD + "/" + StudyGroups.TEXT_CHANNEL;
  private static final String OTHER_CHANNEL = "200000000000000099";
  private static final String CATEGORY = "400000000000000001";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final RecordingSystem discord = new RecordingSystem(SystemKind.DISCORD);
  private final RecordingSystem calendar = new RecordingSystem(SystemKind.CALENDAR);
  private final RecordingSystem reminders = new RecordingSystem(SystemKind.REMINDERS);
  private final RecordingSystem rsvps = new RecordingSystem(SystemKind.RSVPS);
  /** channel id -> where the fake gateway cache says it is; unknown channels are in the group's guild, top level */
  private final Map<String, ChannelPlace> places = new ConcurrentHashMap<>();
  private OperatorHarness harness;

  private OperatorHarness start(Map<String, String> extraEnv) {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.putAll(extraEnv);
    ChannelLocator locator = (guild, channel) -> places.getOrDefault(channel, ChannelPlace.inGuild(CATEGORY));
    harness = OperatorHarness.start(new OperatorSystems(List.of(discord, calendar, reminders, rsvps), locator,
        List.of(), List.of(), List.of()), clock, env);
    return harness;
  }

  private OperatorHarness start() {
    return start(Map.of());
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void recordsWhatEachSystemWroteInStatus() {
    start();
    harness.create(StudyGroups.group(NS, "g1", "alice"));

    StudyGroup g = harness.awaitGroup(NS, "g1", hasCondition("Ready", "True", Reasons.READY));

    assertThat(targets(g, "DiscordSynced")).containsExactly(OLD_TEXT);
    assertThat(targets(g, "CalendarSynced")).containsExactly(StudyGroups.CALENDAR);
    assertThat(targets(g, "RemindersSynced")).containsExactly("reminders");
  }

  @Test
  void aChangedTextChannelCleansTheOldOneAndRecordsTheNew() {
    start();
    harness.create(StudyGroups.group(NS, "g2", "alice"));
    harness.awaitGroup(NS, "g2", hasCondition("Ready", "True", Reasons.READY));

    harness.edit(NS, "g2", g -> {
      g.getSpec().getDiscord().setTextChannelId(OTHER_CHANNEL);
      return g;
    });

    StudyGroup g = harness.awaitGroup(NS, "g2", hasCondition("Ready", "True", Reasons.READY)
        .and(x -> targets(x, "DiscordSynced").equals(List.of(StudyGroups.GUILD + "/" + OTHER_CHANNEL))));
    assertThat(discord.cleanedTargets()).containsExactly(Set.of(OLD_TEXT));
    assertThat(calendar.cleanups()).isZero();
    assertThat(g.getStatus().getTargets()).hasSize(4);
  }

  @Test
  void emptyingRemindersAsksTheReminderSystemToCancelThem() {
    start();
    harness.create(StudyGroups.group(NS, "g3", "alice"));
    harness.awaitGroup(NS, "g3", hasCondition("Ready", "True", Reasons.READY));

    harness.edit(NS, "g3", g -> {
      g.getSpec().setReminders(new ArrayList<>());
      return g;
    });

    StudyGroup g = harness.awaitGroup(NS, "g3", hasCondition("RemindersSynced", "True", Reasons.NOT_CONFIGURED));
    assertThat(reminders.cleanedTargets()).containsExactly(Set.of("reminders"));
    assertThat(targets(g, "RemindersSynced")).isEmpty();
  }

  @Test
  void removingTheCalendarSectionCleansCalendarAndRsvps() {
    start();
    harness.create(StudyGroups.group(NS, "g4", "alice"));
    harness.awaitGroup(NS, "g4", hasCondition("Ready", "True", Reasons.READY));

    harness.edit(NS, "g4", g -> {
      g.getSpec().setCalendar(null);
      return g;
    });

    harness.awaitGroup(NS, "g4", hasCondition("CalendarSynced", "True", Reasons.NOT_CONFIGURED)
        .and(hasCondition("RsvpsSynced", "True", Reasons.NOT_CONFIGURED)));
    assertThat(calendar.cleanedTargets()).containsExactly(Set.of(StudyGroups.CALENDAR));
    assertThat(rsvps.cleanedTargets()).containsExactly(Set.of(StudyGroups.CALENDAR));
  }

  @Test
  void aFailedCleanupOfADroppedTargetIsRetriedAndTheTargetKept() {
    start();
    harness.create(StudyGroups.group(NS, "g5", "alice"));
    harness.awaitGroup(NS, "g5", hasCondition("Ready", "True", Reasons.READY));
    discord.failCleanupWith(SyncException.retryable("DiscordError", "503 from Discord", null));

    harness.edit(NS, "g5", g -> {
      g.getSpec().setDiscord(null);
      g.getSpec().setReminders(new ArrayList<>());
      return g;
    });

    StudyGroup g = harness.awaitGroup(NS, "g5", hasCondition("DiscordSynced", "False", "DiscordError"));
    assertThat(targets(g, "DiscordSynced")).containsExactly(OLD_TEXT);
    discord.recover();
    harness.clock().advance(Duration.ofMinutes(2));
    g = harness.awaitGroup(NS, "g5", hasCondition("DiscordSynced", "True", Reasons.NOT_CONFIGURED));
    assertThat(targets(g, "DiscordSynced")).isEmpty();
  }

  @Test
  void orphanDeletionLeavesTheOutsideButCancelsTheOperatorsOwnRows() {
    start();
    StudyGroup orphan = StudyGroups.group(NS, "g6", "alice");
    orphan.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    harness.create(orphan);
    harness.awaitGroup(NS, "g6", hasCondition("Ready", "True", Reasons.READY));

    harness.delete(NS, "g6");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g6") == null);
    assertThat(discord.cleanups()).isZero();
    assertThat(calendar.cleanups()).isZero();
    assertThat(reminders.cleanups()).isEqualTo(1);
    assertThat(rsvps.cleanups()).isEqualTo(1);
  }

  @Test
  void suspendedDeletionLeavesTheOutsideButCancelsReminders() {
    start();
    StudyGroup group = StudyGroups.group(NS, "g7", "alice");
    group.getSpec().setSuspend(true);
    harness.create(group);
    harness.awaitGroup(NS, "g7", hasCondition("DiscordSynced", "False", Reasons.SUSPENDED));

    harness.delete(NS, "g7");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g7") == null);
    assertThat(discord.cleanups()).isZero();
    assertThat(reminders.cleanups()).isEqualTo(1);
  }

  @Test
  void deletingAGroupWhoseGuildIsOffTheAllowlistTouchesNoChannel() {
    start(Map.of("ALLOWED_DISCORD_GUILDS", "100000000000000777"));
    harness.create(StudyGroups.group(NS, "g8", "alice"));
    harness.awaitGroup(NS, "g8", hasCondition("Ready", "False", Reasons.INVALID_SPEC));

    harness.delete(NS, "g8");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g8") == null);
    assertThat(discord.cleanups()).isZero();
    assertThat(calendar.cleanups()).isZero();
    assertThat(discord.writes()).isZero();
    await().atMost(OperatorHarness.WAIT).until(() -> events("g8").stream()
        .anyMatch(e -> "CleanupSkipped".equals(e.getReason()) && e.getMessage().contains("nothing outside was touched")));
  }

  @Test
  void aSecondGroupOnAChannelIsClaimedWritesNothingAndTakesOverWhenTheHolderIsDeleted() {
    start();
    harness.create(StudyGroups.group(NS, "holder", "alice"));
    harness.awaitGroup(NS, "holder", hasCondition("Ready", "True", Reasons.READY));
    clock.advance(Duration.ofSeconds(1)); // creationTimestamp comes from the API server's clock; uid breaks ties

    StudyGroup second = harness.create(StudyGroups.group(NS, "second", "bob"));
    StudyGroup claimed = harness.awaitGroup(NS, "second",
        hasCondition("DiscordSynced", "False", DiscordScope.CHANNEL_CLAIMED));
    assertThat(condition(claimed, "DiscordSynced").get().getMessage())
        .contains("spec.discord.textChannelId").contains("course/holder");
    assertThat(condition(claimed, "RemindersSynced").get().getReason()).isEqualTo(DiscordScope.CHANNEL_CLAIMED);
    assertThat(condition(claimed, "Stalled").get().getStatus()).isEqualTo("True");
    assertThat(condition(claimed, "CalendarSynced").get().getStatus()).isEqualTo("True");
    assertThat(discord.present(second.getMetadata().getUid())).isEmpty();
    // the doubles' second sync says "in sync" instead of "add 1": converged from then on
    String version = harness.awaitGroup(NS, "second", g -> condition(g, "CalendarSynced").get().getMessage()
        .equals("in sync")).getMetadata().getResourceVersion();
    int writes = discord.writes();

    // converged: further resyncs write nothing, neither outside nor to the API server
    clock.advance(Duration.ofMinutes(1));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> harness.get(NS, "second").getMetadata().getResourceVersion().equals(version));
    assertThat(discord.writes()).isEqualTo(writes);

    harness.delete(NS, "holder");

    StudyGroup took = harness.awaitGroup(NS, "second", hasCondition("Ready", "True", Reasons.READY));
    assertThat(discord.present(took.getMetadata().getUid())).containsExactly("bob");
  }

  @Test
  void aReminderChannelInAnotherGuildIsInvalidAndNothingIsWritten() {
    start();
    places.put(OTHER_CHANNEL, ChannelPlace.otherGuild());
    StudyGroup group = StudyGroups.group(NS, "g9", "alice");
    group.getSpec().getDiscord().setReminderChannelId(OTHER_CHANNEL);
    harness.create(group);

    StudyGroup g = harness.awaitGroup(NS, "g9", hasCondition("DiscordSynced", "False", Reasons.INVALID_SPEC)
        .and(hasCondition("RemindersSynced", "False", Reasons.INVALID_SPEC)));

    assertThat(condition(g, "DiscordSynced").get().getMessage())
        .contains("spec.discord.reminderChannelId").contains("another guild");
    assertThat(condition(g, "Ready").get().getReason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(discord.writes()).isZero();
    assertThat(reminders.writes()).isZero();
  }

  @Test
  void aChannelOutsideTheAllowedCategoriesIsInvalidAndNothingIsWritten() {
    start(Map.of("ALLOWED_DISCORD_CATEGORIES", CATEGORY));
    places.put(StudyGroups.TEXT_CHANNEL, ChannelPlace.inGuild("400000000000000666"));
    harness.create(StudyGroups.group(NS, "g10", "alice"));

    StudyGroup g = harness.awaitGroup(NS, "g10", hasCondition("DiscordSynced", "False", Reasons.INVALID_SPEC));

    assertThat(condition(g, "DiscordSynced").get().getMessage())
        .contains("spec.discord.textChannelId").contains("allowed categories");
    assertThat(discord.writes()).isZero();
  }

  private static List<String> targets(StudyGroup g, String system) {
    return g.getStatus().getTargets().stream().filter(t -> system.equals(t.getSystem()))
        .map(SystemTargets::getIds).findFirst().orElse(List.of());
  }

  private List<Event> events(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
