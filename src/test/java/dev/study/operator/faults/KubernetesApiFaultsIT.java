package dev.study.operator.faults;

import static dev.study.operator.testing.FullStack.NS;
import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.Reasons;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.StudyGroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4, the Kubernetes API misbehaving under the operator: a person (the web app) editing members while
 * a reconcile is in flight, and the status write itself failing. Both end with the spec as the person left it,
 * status caught up with the last generation, and the outside world matching the final members, with nothing
 * written twice.
 */
class KubernetesApiFaultsIT {
  private static final String STATUS = "/apis/study\\.dev/v1[^/]*/namespaces/course/studygroups/[^/]+/status";
  private static final String OVERWRITE_PUT = "PUT /channels/{id}/permissions/{target}";

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
  void membersPatchedTwiceDuringAReconcileAreAllAppliedAndStatusNeverOverwritesTheSpec() throws Exception {
    Figures figures = new Figures("k8s-concurrent-member-patches");
    harness = stack.start();
    harness.create(stack.group("busy", "alice", "bob"));
    stack.awaitGroup("busy", hasCondition("Ready", "True", Reasons.READY));
    Member carol = newMember("carol");
    Member dave = newMember("dave");
    // every Calendar answer now takes 1.5 s, so the reconcile of the first edit is still running at the second
    int before = stack.calendar.httpRequests();
    stack.calendar.slowAnswers(Duration.ofMillis(1500), 6);

    long first = harness.edit(NS, "busy", g -> {
      g.getSpec().getMembers().add(carol);
      return g;
    }).getMetadata().getGeneration();
    await().atMost(OperatorHarness.WAIT).until(() -> stack.calendar.httpRequests() > before); // reconcile in flight
    StudyGroup mid = harness.get(NS, "busy");
    assertThat(mid.getStatus().getObservedGeneration()).isLessThan(first); // not finished yet
    StudyGroup edited = harness.edit(NS, "busy", g -> {
      g.getSpec().getMembers().removeIf(m -> m.getId().equals("bob"));
      g.getSpec().getMembers().add(dave);
      return g;
    });
    long last = edited.getMetadata().getGeneration();
    assertThat(last).isGreaterThan(first);

    StudyGroup done = stack.awaitGroup("busy", hasCondition("Ready", "True", Reasons.READY)
        .and(g -> Long.valueOf(last).equals(g.getStatus().getObservedGeneration())));

    List<String> ids = List.of("alice", "carol", "dave");
    assertThat(done.getSpec().getMembers()).extracting(Member::getId).containsExactlyElementsOf(ids);
    assertThat(done.getSpec()).usingRecursiveComparison().isEqualTo(edited.getSpec()); // status wrote no spec
    assertThat(done.getMetadata().getGeneration()).isEqualTo(last); // no write of the operator's bumped it
    assertThat(done.getStatus().getAppliedMembers()).extracting(m -> m.getId()).containsExactlyInAnyOrderElementsOf(ids);
    Set<String> discordIds = done.getSpec().getMembers().stream().map(Member::getDiscordUserId)
        .collect(Collectors.toSet());
    assertThat(stack.discord.memberOverwrites(stack.text).keySet()).isEqualTo(discordIds);
    Set<String> emails = Set.of("alice@example.org", "carol@example.org", "dave@example.org");
    List<Map<String, Object>> events = stack.calendar.liveEvents(FullStack.CALENDAR);
    assertThat(events).hasSize(4).allSatisfy(e -> assertThat(attendeeEmails(e)).isEqualTo(emails));
    figures.put("generations", first + ".." + last).put("overwritePuts", stack.discord.count(OVERWRITE_PUT))
        .put("statusPatches", harness.kubernetes().count("PATCH", STATUS))
        .put("calendarRequests", stack.calendar.httpRequests()).put("seconds", figures.elapsedSeconds()).print();
  }

  @Test
  void aFailedStatusWriteIsRetriedAndConvergesWithoutWritingAnythingOutsideTwice() throws Exception {
    Figures figures = new Figures("k8s-status-write-fails");
    harness = stack.start();
    // the first status write of the new group fails with 409, the second with 500; the third goes through
    harness.kubernetes().fail("PATCH", STATUS, 409, 1);
    harness.kubernetes().fail("PATCH", STATUS, 500, 1);

    harness.create(stack.group("unlucky", "alice", "bob", "carol"));

    StudyGroup done = stack.awaitGroup("unlucky", hasCondition("Ready", "True", Reasons.READY));
    int statusPatches = harness.kubernetes().count("PATCH", STATUS);
    assertThat(statusPatches).isGreaterThanOrEqualTo(3);
    Set<String> discordIds = done.getSpec().getMembers().stream().map(Member::getDiscordUserId)
        .collect(Collectors.toSet());
    assertThat(stack.discord.memberOverwrites(stack.text).keySet()).isEqualTo(discordIds);
    assertThat(stack.discord.count(OVERWRITE_PUT)).isEqualTo(3); // one per member: 0 repeated
    assertThat(stack.calendar.liveEvents(FullStack.CALENDAR)).hasSize(4);
    assertThat(stack.calendar.count("insert")).isEqualTo(4); // 0 duplicate events
    assertThat(stack.reminders().forGroup(done.getMetadata().getUid())).hasSize(4);
    figures.put("statusPatches", statusPatches).put("overwritePuts", stack.discord.count(OVERWRITE_PUT))
        .put("calendarInserts", stack.calendar.count("insert")).put("seconds", figures.elapsedSeconds()).print();
  }

  private Member newMember(String id) {
    Member m = StudyGroups.member(id);
    m.setDiscordUserId(stack.discord.addMember(stack.guild, id));
    return m;
  }

  private static Set<String> attendeeEmails(Map<String, Object> event) {
    Object list = event.get("attendees");
    Set<String> emails = new TreeSet<>();
    if (list instanceof List<?> l) {
      for (Object a : l) {
        if (a instanceof Map<?, ?> m && m.get("email") != null && !Boolean.TRUE.equals(m.get("organizer"))) {
          emails.add(m.get("email").toString().toLowerCase());
        }
      }
    }
    return emails;
  }
}
