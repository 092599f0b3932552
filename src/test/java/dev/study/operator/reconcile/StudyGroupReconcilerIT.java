package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import static dev.study.operator.testing.OperatorHarness.condition;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.SystemRetry;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconcile spine in-process against the mock API server, with test doubles of the four systems. */
class StudyGroupReconcilerIT {
  private static final String NS = "course";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final RecordingSystem discord = new RecordingSystem(SystemKind.DISCORD);
  private final RecordingSystem calendar = new RecordingSystem(SystemKind.CALENDAR);
  private final RecordingSystem reminders = new RecordingSystem(SystemKind.REMINDERS);
  private final RecordingSystem rsvps = new RecordingSystem(SystemKind.RSVPS);
  private OperatorHarness harness;

  private OperatorHarness start() {
    return start(OperatorHarness.defaultEnv());
  }

  private OperatorHarness start(Map<String, String> env) {
    harness = OperatorHarness.start(List.of(discord, calendar, reminders, rsvps), clock, env);
    return harness;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void reportsEverySystemAndReadyForTheCurrentGeneration() {
    start();
    harness.create(StudyGroups.group(NS, "g1", "alice", "bob"));

    StudyGroup g = harness.awaitGroup(NS, "g1", hasCondition("Ready", "True", Reasons.READY));

    long generation = g.getMetadata().getGeneration();
    assertThat(g.getStatus().getObservedGeneration()).isEqualTo(generation);
    for (SystemKind kind : SystemKind.values()) {
      assertThat(condition(g, kind.conditionType())).get()
          .satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo(Reasons.SYNCED);
            assertThat(c.getObservedGeneration()).isEqualTo(generation);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-01T09:00:00Z");
          });
    }
    assertThat(g.getStatus().getMemberCount()).isEqualTo(2);
    assertThat(g.getStatus().getMeetingCount()).isEqualTo(4);
    assertThat(g.getStatus().getMeetings()).extracting(m -> m.getNumber()).containsExactly(1, 2, 3, 4);
    assertThat(g.getStatus().getMeetings().get(0).getStart()).isEqualTo("2027-01-05T18:00:00Z");
    assertThat(discord.present(g.getMetadata().getUid())).containsExactlyInAnyOrder("alice", "bob");
    assertThat(g.getMetadata().getFinalizers()).isNotEmpty();
  }
  @Test
  void oneFailingSystemLeavesTheOthersSynced() {
    discord.failWith(SyncException.retryable("DiscordError", "503 from Discord", null));
    start();
    harness.create(StudyGroups.group(NS, "g2", "alice", "bob"));

    StudyGroup g = harness.awaitGroup(NS, "g2", hasCondition("DiscordSynced", "False", "DiscordError")
        .and(hasCondition("CalendarSynced", "True", Reasons.SYNCED))
        .and(hasCondition("RemindersSynced", "True", Reasons.SYNCED))
        .and(hasCondition("RsvpsSynced", "True", Reasons.SYNCED)));

    assertThat(condition(g, "Ready")).get().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("DiscordError");
      assertThat(c.getMessage()).contains("DiscordSynced: 503 from Discord");
    });
    assertThat(calendar.present(g.getMetadata().getUid())).containsExactlyInAnyOrder("alice", "bob");
    assertThat(discord.writes()).isZero();
  }

  @Test
  void backoffGrowsWithJitterAndSuccessResetsIt() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("BACKOFF_BASE", "2s");
    discord.failWith(SyncException.retryable("DiscordError", "503 from Discord", null));
    start(env);
    harness.create(StudyGroups.group(NS, "g3", "alice"));

    // Jitter is fixed at 0.5, so the n-th failure waits half of min(cap, 2s * 2^(n-1)).
    Instant first = clock.instant();
    assertThat(awaitDiscordRetry("g3", 1).getNotBefore()).isEqualTo(first.plusSeconds(1).toString());
    clock.advance(Duration.ofSeconds(1));
    assertThat(awaitDiscordRetry("g3", 2).getNotBefore()).isEqualTo(first.plusSeconds(1 + 2).toString());
    clock.advance(Duration.ofSeconds(2));
    assertThat(awaitDiscordRetry("g3", 3).getNotBefore()).isEqualTo(first.plusSeconds(1 + 2 + 4).toString());

    int observesWhileWaiting = discord.observes();
    discord.recover();
    clock.advance(Duration.ofSeconds(3));
    // Not yet due: 3 of the 4 seconds have passed, so Discord is not tried again.
    harness.awaitGroup(NS, "g3", hasCondition("DiscordSynced", "False", "DiscordError"));
    assertThat(discord.observes()).isEqualTo(observesWhileWaiting);

    clock.advance(Duration.ofSeconds(1));
    StudyGroup g = harness.awaitGroup(NS, "g3", hasCondition("Ready", "True", Reasons.READY));
    assertThat(g.getStatus().getRetries()).isEmpty();
    assertThat(discord.present(g.getMetadata().getUid())).containsExactly("alice");
  }

  @Test
  void aNewGenerationRetriesAtOnceAndRestartsTheCount() {
    discord.failWith(new SyncException("RateLimited", "429 from Discord", true, Duration.ofHours(1), null));
    start();
    harness.create(StudyGroups.group(NS, "g4", "alice"));
    awaitDiscordRetry("g4", 1);
    assertThat(harness.get(NS, "g4").getStatus().getRetries().get(0).getNotBefore())
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());

    discord.recover();
    harness.edit(NS, "g4", g -> {
      g.getSpec().getMembers().add(StudyGroups.member("bob"));
      return g;
    });

    StudyGroup g = harness.awaitGroup(NS, "g4", hasCondition("Ready", "True", Reasons.READY));
    assertThat(g.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(discord.present(g.getMetadata().getUid())).containsExactlyInAnyOrder("alice", "bob");
    assertThat(g.getStatus().getRetries()).isEmpty();
  }

  @Test
  void suspendObservesAndReportsButWritesNothing() {
    start();
    StudyGroup suspended = StudyGroups.group(NS, "g5", "alice", "bob");
    suspended.getSpec().setSuspend(true);
    harness.create(suspended);

    StudyGroup g = harness.awaitGroup(NS, "g5", hasCondition("DiscordSynced", "False", Reasons.SUSPENDED));
    assertThat(condition(g, "DiscordSynced").get().getMessage()).isEqualTo("suspended; would add 2, remove 0");
    assertThat(condition(g, "Ready").get().getStatus()).isEqualTo("False");
    assertThat(discord.observes()).isPositive();
    assertThat(discord.writes() + calendar.writes() + reminders.writes() + rsvps.writes()).isZero();

    harness.edit(NS, "g5", x -> {
      x.getSpec().setSuspend(false);
      return x;
    });
    harness.awaitGroup(NS, "g5", hasCondition("Ready", "True", Reasons.READY));
    assertThat(discord.writes()).isEqualTo(2);
  }

  @Test
  void anUnchangedResyncPatchesNothingAndWritesNothing() {
    start();
    harness.create(StudyGroups.group(NS, "g6", "alice", "bob"));
    harness.awaitGroup(NS, "g6", hasCondition("Ready", "True", Reasons.READY));
    // The sync after the first one reports "all unchanged" counts once; from then on nothing changes.
    StudyGroup settled = harness.awaitGroup(NS, "g6", g -> g.getStatus().getDiscord().getUnchanged() == 2);
    String resourceVersion = settled.getMetadata().getResourceVersion();
    int writes = discord.writes() + calendar.writes() + reminders.writes() + rsvps.writes();
    int observes = discord.observes();

    await().atMost(OperatorHarness.WAIT).until(() -> discord.observes() >= observes + 3);

    assertThat(harness.get(NS, "g6").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(discord.writes() + calendar.writes() + reminders.writes() + rsvps.writes()).isEqualTo(writes);
  }

  @Test
  void anInvalidSpecNamesTheFieldAndWritesNothing() {
    start();
    StudyGroup bad = StudyGroups.group(NS, "g7", "alice");
    bad.getSpec().getSchedule().setTimeZone("Mars/Olympus_Mons");
    harness.create(bad);

    StudyGroup g = harness.awaitGroup(NS, "g7", hasCondition("Ready", "False", Reasons.INVALID_SPEC));
    assertThat(condition(g, "Ready").get().getMessage()).contains("spec.schedule.timeZone");
    assertThat(discord.observes() + calendar.observes() + reminders.observes() + rsvps.observes()).isZero();
  }

  @Test
  void aGuildOffTheAllowlistIsInvalidSpecWithNoWrites() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("ALLOWED_DISCORD_GUILDS", "999999999999999999");
    start(env);
    harness.create(StudyGroups.group(NS, "g8", "alice"));

    StudyGroup g = harness.awaitGroup(NS, "g8", hasCondition("DiscordSynced", "False", Reasons.INVALID_SPEC));
    assertThat(condition(g, "Ready").get().getMessage()).contains("spec.discord.guildId");
    assertThat(discord.writes() + calendar.writes() + reminders.writes() + rsvps.writes()).isZero();
  }

  @Test
  void aSectionTheGroupDoesNotUseIsNotConfiguredAndStillReady() {
    start();
    StudyGroup noCalendar = StudyGroups.group(NS, "g9", "alice");
    noCalendar.getSpec().setCalendar(null);
    harness.create(noCalendar);

    StudyGroup g = harness.awaitGroup(NS, "g9", hasCondition("Ready", "True", Reasons.READY));
    assertThat(condition(g, "CalendarSynced").get().getReason()).isEqualTo(Reasons.NOT_CONFIGURED);
    assertThat(condition(g, "RsvpsSynced").get().getReason()).isEqualTo(Reasons.NOT_CONFIGURED);
    assertThat(calendar.observes()).isZero();
  }

  @Test
  void aSystemWithoutCredentialsIsOperatorNotConfigured() {
    harness = OperatorHarness.start(List.of(discord), clock);
    harness.create(StudyGroups.group(NS, "g10", "alice"));

    StudyGroup g = harness.awaitGroup(NS, "g10",
        hasCondition("CalendarSynced", "False", Reasons.OPERATOR_NOT_CONFIGURED)
            .and(hasCondition("DiscordSynced", "True", Reasons.SYNCED)));
    assertThat(condition(g, "Ready").get().getStatus()).isEqualTo("False");
  }

  @Test
  void deletionRunsCleanupUnderDeletePolicy() {
    start();
    harness.create(StudyGroups.group(NS, "g11", "alice"));
    String uid = harness.awaitGroup(NS, "g11", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();

    harness.delete(NS, "g11");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g11") == null);
    assertThat(discord.cleanups()).isEqualTo(1);
    assertThat(calendar.cleanups()).isEqualTo(1);
    assertThat(discord.hasAnything(uid)).isFalse();
  }

  @Test
  void deletionLeavesTheWorldUnderOrphanPolicy() {
    start();
    StudyGroup orphan = StudyGroups.group(NS, "g12", "alice");
    orphan.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    harness.create(orphan);
    String uid = harness.awaitGroup(NS, "g12", hasCondition("Ready", "True", Reasons.READY)).getMetadata().getUid();

    harness.delete(NS, "g12");

    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g12") == null);
    assertThat(discord.cleanups()).isZero();
    assertThat(discord.present(uid)).containsExactly("alice");
  }

  @Test
  void aFailedCleanupKeepsTheFinalizerUntilItSucceeds() {
    start();
    harness.create(StudyGroups.group(NS, "g13", "alice"));
    harness.awaitGroup(NS, "g13", hasCondition("Ready", "True", Reasons.READY));
    calendar.failCleanupWith(SyncException.retryable("CalendarError", "500 from Google", null));

    harness.delete(NS, "g13");

    await().atMost(OperatorHarness.WAIT).until(() -> calendar.cleanups() >= 2);
    assertThat(harness.get(NS, "g13")).isNotNull();
    assertThat(events("g13")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("CleanupFailed"));
    calendar.recover();
    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "g13") == null);
  }

  @Test
  void aFailureIsRecordedAsAWarningEventOnceWithSecretsMasked() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    String token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-bot-token-value";
    env.put("DISCORD_TOKEN", token);
    discord.failWith(SyncException.permanent("Unauthorized", "401 for token " + token, null));
    start(env);
    harness.create(StudyGroups.group(NS, "g14", "alice"));

    StudyGroup g = harness.awaitGroup(NS, "g14", hasCondition("DiscordSynced", "False", "Unauthorized"));
    await().atMost(OperatorHarness.WAIT).until(() -> !events("g14").isEmpty());

    assertThat(condition(g, "DiscordSynced").get().getMessage()).isEqualTo("401 for token ***");
    assertThat(harness.client().getKubernetesSerialization().asJson(g)).doesNotContain(token);
    assertThat(events("g14")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(token));
    // one Warning for the failure; the Normal events of the other systems' changes are beside it
    assertThat(events("g14").stream().filter(e -> "Warning".equals(e.getType()))).hasSize(1).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("Unauthorized");
      assertThat(e.getMessage()).doesNotContain(token).contains("***");
    });
  }

  @Test
  void reconcilesOnlyTheWatchedNamespaces() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("WATCH_NAMESPACES", NS);
    start(env);
    harness.create(StudyGroups.group("elsewhere", "g15", "alice"));
    harness.create(StudyGroups.group(NS, "g16", "bob"));

    harness.awaitGroup(NS, "g16", hasCondition("Ready", "True", Reasons.READY));

    assertThat(harness.get("elsewhere", "g15").getStatus()).isNull();
    assertThat(harness.get("elsewhere", "g15").getMetadata().getFinalizers()).isEmpty();
    assertThat(discord.present(harness.get("elsewhere", "g15").getMetadata().getUid())).isEmpty();
  }

  private List<Event> events(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  private SystemRetry awaitDiscordRetry(String name, int failures) {
    StudyGroup g = harness.awaitGroup(NS, name, x -> x.getStatus().getRetries().stream()
        .anyMatch(r -> "DiscordSynced".equals(r.getSystem()) && r.getFailures() == failures));
    return g.getStatus().getRetries().stream().filter(r -> "DiscordSynced".equals(r.getSystem())).findFirst().get();
  }
}
