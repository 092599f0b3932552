package dev.study.operator.faults;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.discord.FaultRule;
import dev.study.operator.testing.discord.RecordedRequest;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 10: deleting a {@code Delete}-policy group while Discord refuses the cleanup. A passing fault (5xx)
 * keeps the finalizer with a {@code CleanupFailed} Event naming the cause, is retried with growing gaps, and the
 * group goes once Discord is back, leaving no member overwrite. A fault that will not pass (the bot lost Manage
 * Permissions) is left by switching the group to {@code deletionPolicy: Orphan}, the documented escape hatch,
 * which finishes the deletion without touching Discord or Calendar again.
 */
class DeletionUnderFaultsIT {
  private static final String OVERWRITE_DELETE = "DELETE /channels/{id}/permissions/{target}";

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
  void aCleanupHittingDiscord5xxKeepsTheFinalizerRetriesWithBackoffAndFinishesWhenDiscordIsBack() throws Exception {
    Figures figures = new Figures("deletion-discord-5xx");
    harness = stack.start();
    harness.create(stack.group("leaving", "alice", "bob"));
    stack.awaitGroup("leaving", hasCondition("Ready", "True", Reasons.READY));
    stack.discord.addFault(FaultRule.on("DELETE", "/channels/" + stack.text + "/permissions/.*").serverError(500));
    stack.discord.resetCounters();

    harness.delete(NS, "leaving");

    // the failing cleanup is retried (JOSDK reschedules on the wall clock): wait for its fourth attempt
    long started = System.nanoTime();
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
        .until(() -> eventCount(cleanupFailed("leaving")) >= 4);
    figures.put("secondsToFourthAttempt", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
    StudyGroup stuck = harness.get(NS, "leaving");
    assertThat(stuck).isNotNull();
    assertThat(stuck.getMetadata().getFinalizers()).isNotEmpty();
    List<Event> failed = cleanupFailed("leaving");
    assertThat(failed).isNotEmpty();
    assertThat(failed).allSatisfy(e -> assertThat(e.getMessage()).containsIgnoringCase("discord").contains("500"));
    List<RecordedRequest> deletes = stack.discord.requests(r -> r.route().equals(OVERWRITE_DELETE));
    int attempts = eventCount(failed);
    // backoff 1 s, 2 s, 4 s (BACKOFF_BASE=1s): the fourth attempt comes about 4 s after the first, not at once
    assertThat(attempts).isBetween(4, 5);
    assertThat(deletes.size()).isLessThanOrEqualTo(attempts * 2 * 4); // 2 members, JDA's own 5xx retries at most 3
    List<Long> gapsMs = gaps(deletes);

    stack.discord.clearFaults();
    long cleared = System.nanoTime();
    await().atMost(Duration.ofSeconds(40)).until(() -> harness.get(NS, "leaving") == null);
    double secondsToGo = (System.nanoTime() - cleared) / 1e9;
    assertThat(stack.discord.memberOverwrites(stack.text)).isEmpty();
    figures.put("cleanupAttempts", attempts).put("overwriteDeletes", deletes.size())
        .put("gapsBetweenDeletesMs", gapsMs).put("secondsFromRecoveryToDeleted", Math.round(secondsToGo * 10) / 10.0)
        .put("overwritesLeft", stack.discord.memberOverwrites(stack.text).size()).print();
  }

  @Test
  void aGroupStuckOnAPermanentCleanupFailureIsReleasedByOrphanWithoutTouchingAnythingOutside() throws Exception {
    Figures figures = new Figures("deletion-stuck-then-orphan");
    harness = stack.start();
    StudyGroup created = stack.group("stuck", "alice", "bob");
    String alice = created.getSpec().getMembers().get(0).getDiscordUserId();
    String bob = created.getSpec().getMembers().get(1).getDiscordUserId();
    harness.create(created);
    stack.awaitGroup("stuck", hasCondition("Ready", "True", Reasons.READY));
    stack.discord.addFault(FaultRule.on("DELETE", "/channels/" + stack.text + "/permissions/.*").missingPermissions());

    harness.delete(NS, "stuck");

    await().atMost(OperatorHarness.WAIT).until(() -> !cleanupFailed("stuck").isEmpty());
    assertThat(cleanupFailed("stuck").get(0).getMessage()).containsIgnoringCase("permission");
    assertThat(harness.get(NS, "stuck")).isNotNull();
    stack.discord.resetCounters();
    int calendarWrites = stack.calendar.count("delete") + stack.calendar.count("patch") + stack.calendar.count("insert");
    int liveEvents = stack.calendar.liveEvents(FullStack.CALENDAR).size();

    harness.edit(NS, "stuck", g -> {
      g.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
      return g;
    });

    long released = System.nanoTime();
    await().atMost(OperatorHarness.WAIT).until(() -> harness.get(NS, "stuck") == null);
    double seconds = Math.round((System.nanoTime() - released) / 1e8) / 10.0;
    assertThat(stack.discord.writeCount()).isZero();
    assertThat(stack.calendar.count("delete") + stack.calendar.count("patch") + stack.calendar.count("insert"))
        .isEqualTo(calendarWrites);
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).hasSize(liveEvents);
    assertThat(stack.discord.memberOverwrites(stack.text)).containsKeys(alice, bob); // left as they were
    figures.put("discordWritesAfterOrphan", stack.discord.writeCount()).put("liveEventsLeft", liveEvents)
        .put("secondsFromOrphanToDeleted", seconds).print();
  }

  private List<Event> cleanupFailed(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "CleanupFailed".equals(e.getReason())).toList();
  }

  private static int eventCount(List<Event> events) {
    return events.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
  }

  private static List<Long> gaps(List<RecordedRequest> requests) {
    List<Long> gaps = new java.util.ArrayList<>();
    for (int i = 1; i < requests.size(); i++) {
      gaps.add((requests.get(i).nanos() - requests.get(i - 1).nanos()) / 1_000_000);
    }
    return gaps;
  }
}
