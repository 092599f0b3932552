package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.study.operator.testing.discord.FakeDiscord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} against the sandbox, started in-process on a free port: what a person, the web app
 * and the bot do (apply, get, wait, guarded JSON patches, delete), and what they then see in Discord and
 * Calendar. The recipes of docs/patch-recipes.md are exercised here with the same patch shapes.
 *
 * <p>One sandbox serves the class, so the tests run in order: apply first, delete last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String GROUP3_TEXT = "200000000000000001";
  private static final String GROUP3_VOICE = "200000000000000002";
  private static final String GROUP5_TEXT = "200000000000000011";
  private static final String GROUP8_TEXT = "200000000000000021";
  private static final String GROUP3_CALENDAR = "cohort7-group3@group.calendar.google.com";
  private static final String GROUP5_CALENDAR = "cohort7-group5@group.calendar.google.com";
  private static final String CHEN = "334455667788990011";
  private static final String BILAL = "223344556677889900";
  private static final String PRIYA = "1617181920212223242";
  private static final String ALICE = "112233445566778899";

  @TempDir
  static Path dir;
  private static Path kubectl;
  private static Sandbox sandbox;

  @BeforeAll
  static void startSandbox() {
    kubectl = findKubectl();
    sandbox = Sandbox.start(Sandbox.Options.defaults().withApiPort(0).withDir(dir).withoutApplyingExamples());
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void appliesTheExamplesAndWaitsForThemToSync() {
    Result apply = kubectl("apply", "--validate=false", "-f", "examples/");
    assertThat(apply.out()).contains("studygroup.study.dev/cohort7-group3 created",
        "studygroup.study.dev/cohort7-group5 created", "studygroup.study.dev/cohort7-group8 created");

    assertThat(kubectl("get", "studygroups", "-A", "-o", "name").out().lines().sorted().toList()).containsExactly(
        "studygroup.study.dev/cohort7-group3", "studygroup.study.dev/cohort7-group5",
        "studygroup.study.dev/cohort7-group8");
    // the short name comes from discovery, which the sandbox serves from the stored CRD
    assertThat(kubectl("get", "sg", "cohort7-group8", "-o", "name").out().trim())
        .isEqualTo("studygroup.study.dev/cohort7-group8");

    Result waited = kubectl("wait", "--for=condition=Ready", "sg/cohort7-group8", "--timeout=60s");
    assertThat(waited.out()).contains("condition met");
    // the front serves watches over HTTP, so kubectl no longer falls back to re-listing with errors
    assertThat(waited.err()).doesNotContain("Failed to watch").isBlank();
    // Groups 3 and 5 use Calendar, so RSVPs too; this build wires no RSVP adapter yet (RsvpsSynced is
    // OperatorNotConfigured), so their Ready waits for it. Every system that is wired must be synced.
    for (String condition : List.of("DiscordSynced", "CalendarSynced", "RemindersSynced")) {
      assertThat(kubectl("wait", "--for=condition=" + condition, "sg/cohort7-group3", "sg/cohort7-group5",
          "--timeout=60s").out()).contains("cohort7-group3 condition met", "cohort7-group5 condition met");
    }
    Result all = kubectl("wait", "--for=condition=Ready", "sg", "--all", "--timeout=60s");
    assertThat(all.out().lines()).hasSize(3).allSatisfy(line -> assertThat(line).endsWith("condition met"));
    assertThat(all.err()).isBlank();
    JsonNode group8 = getJson("cohort7-group8");
    JsonNode ready = condition(group8, "Ready");
    assertThat(ready.path("observedGeneration").asLong()).isEqualTo(group8.path("metadata").path("generation").asLong());
    assertThat(group8.path("status").path("observedGeneration").asLong())
        .isEqualTo(group8.path("metadata").path("generation").asLong());

    assertThat(discord().memberOverwrites(GROUP3_TEXT)).containsKeys(CHEN, BILAL);
    assertThat(sandbox.calendar().liveEvents(GROUP3_CALENDAR)).hasSize(7);
  }

  @Test
  @Order(2)
  void refusesAnInvalidStudyGroupNamingTheField() throws IOException {
    Path bad = dir.resolve("bad-email.yaml");
    Files.writeString(bad, """
        apiVersion: study.dev/v1alpha1
        kind: StudyGroup
        metadata: {name: bad-email, namespace: course}
        spec:
          displayName: Bad email
          members: [{id: alice, email: "alice at example.org"}]
          schedule: {timeZone: Europe/London, firstMeeting: "2027-01-05T18:00", duration: 90m, count: 3}
        """);
    Result refused = kubectlFailing("apply", "--validate=false", "-f", bad.toString());
    assertThat(refused.err()).contains("The StudyGroup \"bad-email\" is invalid", "spec.members[0].email");
    assertThat(kubectlFailing("get", "sg", "bad-email").err()).contains("NotFound");

    Result unknownField = kubectlFailing("patch", "sg", "cohort7-group8", "--type=merge", "-p",
        "{\"spec\":{\"channel\":\"general\"}}");
    assertThat(unknownField.err()).contains("BadRequest", "unknown field \"spec.channel\"");

    Result badPatch = kubectlFailing("patch", "sg", "cohort7-group3", "--type=merge", "-p",
        "{\"spec\":{\"schedule\":{\"count\":0}}}");
    assertThat(badPatch.err()).contains("spec.schedule.count");
    assertThat(getJson("cohort7-group3").path("spec").path("schedule").path("count").asInt()).isEqualTo(8);
  }

  /** Recipe "add a member": test the list as read, then append; a stale list fails the test and writes nothing. */
  @Test
  @Order(3)
  void addsAMemberOnlyIfTheListIsUnchanged() {
    JsonNode members = getJson("cohort7-group8").path("spec").path("members");
    String quinn = Sandbox.NEWCOMERS.get("quinn");
    String add = "[{\"op\":\"test\",\"path\":\"/spec/members\",\"value\":" + members + "},"
        + "{\"op\":\"add\",\"path\":\"/spec/members/-\",\"value\":{\"id\":\"quinn\",\"displayName\":\"Quinn\","
        + "\"discordUserId\":\"" + quinn + "\"}}]";
    assertThat(kubectl("patch", "sg", "cohort7-group8", "--type=json", "-p", add).out()).contains("patched");

    await().atMost(WAIT).untilAsserted(() -> assertThat(discord().memberOverwrites(GROUP8_TEXT)).containsKey(quinn));
    assertThat(discord().memberOverwrites(GROUP8_TEXT).get(quinn)[0] & FakeDiscord.VIEW_CHANNEL).isNotZero();

    // the same patch again: the list changed since it was read, so the test op fails (422) and nothing is added
    Result stale = kubectlFailing("patch", "sg", "cohort7-group8", "--type=json", "-p", add);
    assertThat(stale.err()).contains("The request is invalid", "test /spec/members");
    assertThat(getJson("cohort7-group8").path("spec").path("members")).hasSize(members.size() + 1);
  }

  /** Recipe "remove a member": test the id at the index, then remove that index. */
  @Test
  @Order(4)
  void removesAMemberByIndexGuardedByItsId() {
    int index = indexOf(getJson("cohort7-group8"), "priya");
    String wrong = "[{\"op\":\"test\",\"path\":\"/spec/members/" + (index - 1) + "/id\",\"value\":\"priya\"},"
        + "{\"op\":\"remove\",\"path\":\"/spec/members/" + (index - 1) + "\"}]";
    kubectlFailing("patch", "sg", "cohort7-group8", "--type=json", "-p", wrong);
    assertThat(indexOf(getJson("cohort7-group8"), "oskar")).isEqualTo(index - 1);

    String remove = "[{\"op\":\"test\",\"path\":\"/spec/members/" + index + "/id\",\"value\":\"priya\"},"
        + "{\"op\":\"remove\",\"path\":\"/spec/members/" + index + "\"}]";
    kubectl("patch", "sg", "cohort7-group8", "--type=json", "-p", remove);
    await().atMost(WAIT).untilAsserted(() -> assertThat(discord().memberOverwrites(GROUP8_TEXT)).doesNotContainKey(PRIYA));
    assertThat(indexOf(getJson("cohort7-group8"), "priya")).isEqualTo(-1);
  }

  /** Recipe "move a member": two patches, leave A and join B; A revokes and B grants, whichever lands first. */
  @Test
  @Order(5)
  void movesMembersBetweenGroupsInEitherOrder() {
    JsonNode chen = member("cohort7-group3", "chen");
    JsonNode bilal = member("cohort7-group3", "bilal");
    // chen leaves group 3 first, then joins group 5
    leave("cohort7-group3", "chen");
    join("cohort7-group5", chen);
    // bilal joins group 5 first, then leaves group 3
    join("cohort7-group5", bilal);
    leave("cohort7-group3", "bilal");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(discord().memberOverwrites(GROUP3_TEXT)).doesNotContainKeys(CHEN, BILAL);
      assertThat(discord().memberOverwrites(GROUP3_VOICE)).doesNotContainKeys(CHEN, BILAL);
      assertThat(discord().memberOverwrites(GROUP5_TEXT)).containsKeys(CHEN, BILAL);
      assertThat(attendees(GROUP3_CALENDAR)).doesNotContain("chen.wei@example.org", "bilal.khan@example.org");
      assertThat(attendees(GROUP5_CALENDAR)).contains("chen.wei@example.org", "bilal.khan@example.org");
    });
  }

  /** Recipe "optimistic concurrency with a merge patch": a stale resourceVersion is a 409 Conflict. */
  @Test
  @Order(6)
  void refusesAMergePatchWithAStaleResourceVersion() {
    String before = getJson("cohort7-group8").path("metadata").path("resourceVersion").asText();
    kubectl("patch", "sg", "cohort7-group8", "--type=merge", "-p", "{\"spec\":{\"displayName\":\"Group 8\"}}");
    Result stale = kubectlFailing("patch", "sg", "cohort7-group8", "--type=merge", "-p",
        "{\"metadata\":{\"resourceVersion\":\"" + before + "\"},\"spec\":{\"displayName\":\"Stale\"}}");
    assertThat(stale.err()).contains("Conflict", "the object has been modified");
    assertThat(getJson("cohort7-group8").path("spec").path("displayName").asText()).isEqualTo("Group 8");
  }

  /** A merge patch replaces a list whole, as RFC 7386 and a real API server do (the plain mock would append). */
  @Test
  @Order(6)
  void aMergePatchReplacesAListWhole() {
    kubectl("patch", "sg", "cohort7-group8", "--type=merge", "-p", "{\"spec\":{\"schedule\":{\"skip\":[2]}}}");
    kubectl("patch", "sg", "cohort7-group8", "--type=merge", "-p", "{\"spec\":{\"schedule\":{\"skip\":[4]}}}");

    JsonNode skip = getJson("cohort7-group8").path("spec").path("schedule").path("skip");
    assertThat(skip.toString()).isEqualTo("[4]");
  }

  /**
   * {@code kubectl get} asks for a Table, and the front builds it from the CRD's printer columns: the priority 0
   * ones by default, Calendar and Discord (priority 1) with {@code -o wide}, as a real API server does.
   */
  @Test
  @Order(7)
  void showsThePrinterColumns() {
    List<String> table = kubectl("get", "sg").out().lines().toList();
    assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "AGE", "READY", "MEETINGS", "MEMBERS");
    assertThat(table).anySatisfy(row -> assertThat(row.split("\\s+")).startsWith("cohort7-group8")
        .endsWith("True", "9", "5"));

    List<String> wide = kubectl("get", "sg", "-A", "-o", "wide").out().lines().toList();
    assertThat(wide.get(0).split("\\s+")).containsExactly("NAMESPACE", "NAME", "AGE", "CALENDAR", "DISCORD",
        "READY", "MEETINGS", "MEMBERS");
    assertThat(wide).anySatisfy(row -> assertThat(row.split("\\s+")).containsSequence("cohort7-group8")
        .contains("NotConfigured", "Synced"));
  }

  /** {@code get -w} streams changes over HTTP: a patch shows up as a new line, and kubectl prints no error. */
  @Test
  @Order(6)
  void watchesAGroupOverHttp() throws IOException {
    Path out = dir.resolve("watch.out");
    Path err = dir.resolve("watch.err");
    Process watch = new ProcessBuilder(kubectl.toString(), "--kubeconfig", sandbox.kubeconfig().toString(),
        "--cache-dir", dir.resolve("kube-cache").toString(), "get", "sg", "cohort7-group8", "--watch", "-o",
        "jsonpath={.spec.displayName}{\"\\n\"}").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      await().atMost(WAIT).until(() -> !Files.readString(out).isBlank());
      kubectl("patch", "sg", "cohort7-group8", "--type=merge", "-p", "{\"spec\":{\"displayName\":\"Watched\"}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).lines().anyMatch("Watched"::equals));
      assertThat(watch.isAlive()).as("a watch stays open").isTrue();
      assertThat(Files.readString(err)).isBlank();
    } finally {
      watch.destroy();
    }
  }

  @Test
  @Order(8)
  void refusesServerSideApplyWithAPointerToTheRecipes() {
    Result ssa = kubectlFailing("apply", "--server-side", "--validate=false", "-f",
        "examples/cohort7-group8-discord-only.yaml");
    assertThat(ssa.err()).contains("server-side apply is not supported", "docs/patch-recipes.md");
  }

  /**
   * A namespace user names group 8's text channel in a group of their own: it is refused the channel
   * (ChannelClaimed, naming the holder), touches nothing there, and group 8 stays Ready with its resourceVersion
   * unchanged: the conflict writes nothing, to Discord or to the API server.
   */
  @Test
  @Order(8)
  void aSecondGroupOnAnExamplesChannelIsClaimedAndChangesNothing() throws IOException {
    String before = stableResourceVersion("cohort7-group8");
    Map<String, List<Long>> overwrites = overwritesOn(GROUP8_TEXT);
    Path intruder = dir.resolve("intruder.yaml");
    Files.writeString(intruder, """
        apiVersion: study.dev/v1alpha1
        kind: StudyGroup
        metadata: {name: intruder, namespace: course}
        spec:
          displayName: Intruder
          members: [{id: chen, discordUserId: "%s"}]
          schedule: {timeZone: Europe/London, firstMeeting: "2027-01-05T18:00", duration: 90m, count: 3}
          discord: {guildId: "100000000000000001", textChannelId: "%s"}
        """.formatted(CHEN, GROUP8_TEXT));
    kubectl("apply", "--validate=false", "-f", intruder.toString());

    await().atMost(WAIT).until(() -> "ChannelClaimed".equals(condition(getJson("intruder"), "DiscordSynced")
        .path("reason").asText()));
    assertThat(kubectl("get", "sg", "intruder", "-o", "yaml").out())
        .contains("reason: ChannelClaimed", "held by StudyGroup course/cohort7-group8");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
        getJson("cohort7-group8").path("metadata").path("resourceVersion").asText().equals(before));
    assertThat(condition(getJson("cohort7-group8"), "Ready").path("status").asText()).isEqualTo("True");
    assertThat(overwritesOn(GROUP8_TEXT)).isEqualTo(overwrites);

    kubectl("delete", "sg", "intruder", "--timeout=60s");
    assertThat(overwritesOn(GROUP8_TEXT)).isEqualTo(overwrites);
  }

  @Test
  @Order(9)
  void deletesAGroupAndCleansUpOutside() {
    assertThat(discord().memberOverwrites(GROUP5_TEXT)).isNotEmpty();
    assertThat(sandbox.calendar().liveEvents(GROUP5_CALENDAR)).isNotEmpty();

    Result deleted = kubectl("delete", "sg", "cohort7-group5", "--timeout=60s");
    assertThat(deleted.out()).contains("studygroup.study.dev \"cohort7-group5\" deleted");
    assertThat(deleted.err()).isBlank();

    assertThat(kubectlFailing("get", "sg", "cohort7-group5").err()).contains("NotFound");
    assertThat(discord().memberOverwrites(GROUP5_TEXT)).isEmpty();
    assertThat(sandbox.calendar().liveEvents(GROUP5_CALENDAR)).isEmpty();
    assertThat(sandbox.calendar().events(GROUP5_CALENDAR)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("status")).isEqualTo("cancelled"));
  }

  /** A patch to an empty member list is held, says so in status, and the approval annotation releases it. */
  @Test
  @Order(10)
  void aMassRemovalIsHeldUntilTheGenerationIsApproved() {
    assertThat(discord().memberOverwrites(GROUP8_TEXT)).isNotEmpty();
    stableResourceVersion("cohort7-group8");
    int members = getJson("cohort7-group8").path("spec").path("members").size();
    assertThat(members).isGreaterThan(3);

    kubectl("patch", "sg", "cohort7-group8", "--type=merge", "-p", "{\"spec\":{\"members\":[]}}");

    await().atMost(WAIT).until(() -> "RemovalHeld".equals(condition(getJson("cohort7-group8"), "Ready")
        .path("reason").asText()));
    JsonNode held = getJson("cohort7-group8");
    long generation = held.path("metadata").path("generation").asLong();
    assertThat(held.path("status").path("plan").path("heldRemovals").size()).isEqualTo(members);
    assertThat(discord().memberOverwrites(GROUP8_TEXT)).hasSize(members);

    kubectl("annotate", "sg", "cohort7-group8", "study.dev/approve-removal=" + generation);

    await().atMost(WAIT).until(() -> "True".equals(condition(getJson("cohort7-group8"), "Ready")
        .path("status").asText()));
    await().atMost(WAIT).until(() -> discord().memberOverwrites(GROUP8_TEXT).isEmpty());
  }

  /**
   * {@code kubectl studygroup move}: alice joins group 5 and leaves group 3, and the world view shows her access
   * and her attendance move; the Discord access within 2 s of the command's return.
   */
  @Test
  @Order(7)
  void thePluginMovesAMemberAndTheWorldViewShowsIt() {
    assertThat(channelViewers(worldJson(), GROUP3_TEXT)).contains(ALICE);

    Result moved = plugin("move", "alice", "--from", "cohort7-group3", "--to", "cohort7-group5");
    long returned = System.nanoTime();
    assertThat(moved.out()).contains("moved alice from cohort7-group3 to cohort7-group5");
    assertThat(indexOf(getJson("cohort7-group3"), "alice")).isEqualTo(-1);
    assertThat(member("cohort7-group5", "alice").path("email").asText()).isEqualTo("alice@example.org");

    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      JsonNode world = worldJson();
      assertThat(channelViewers(world, GROUP5_TEXT)).contains(ALICE);
      assertThat(channelViewers(world, GROUP3_TEXT)).doesNotContain(ALICE);
    });
    System.out.printf("KubectlE2E: /world.json showed alice's access move %d ms after the plugin returned%n",
        Duration.ofNanos(System.nanoTime() - returned).toMillis());
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode world = worldJson();
      assertThat(attendeesInWorld(world, GROUP5_CALENDAR)).contains("alice@example.org");
      assertThat(attendeesInWorld(world, GROUP3_CALENDAR)).doesNotContain("alice@example.org");
    });
    System.out.printf("KubectlE2E: /world.json showed alice's attendance move %d ms after the plugin returned%n",
        Duration.ofNanos(System.nanoTime() - returned).toMillis());

    // run again, the move has nothing left to do
    assertThat(plugin("move", "alice", "--from", "cohort7-group3", "--to", "cohort7-group5").out())
        .contains("already in cohort7-group5");
  }

  /**
   * Someone inserts a member at the top of group 3 between the plugin's read and its patch: the plugin's test of
   * the id at the index fails (422), it reads again and removes the right person; the other edit survives.
   */
  @Test
  @Order(7)
  void thePluginRedoesItsPatchAfterAConcurrentEdit() {
    List<String> expected = new ArrayList<>(List.of("rosa"));
    expected.addAll(getJson("cohort7-group3").path("spec").path("members").findValuesAsText("id"));
    assertThat(expected.remove("dora")).isTrue();
    String rosa = Sandbox.NEWCOMERS.get("rosa");
    sandbox.dispatcher().beforeNextJsonPatchOf("cohort7-group3", JSON.createArrayNode().add(JSON.createObjectNode()
        .put("op", "add").put("path", "/spec/members/0").set("value", JSON.createObjectNode().put("id", "rosa")
            .put("discordUserId", rosa))));

    Result removed = plugin("remove", "cohort7-group3", "dora");

    assertThat(removed.err()).contains("cohort7-group3 changed since it was read; reading it again (attempt 2 of 5)");
    JsonNode members = getJson("cohort7-group3").path("spec").path("members");
    assertThat(members.findValuesAsText("id")).isEqualTo(expected);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(discord().memberOverwrites(GROUP3_TEXT)).containsKey(rosa);
      assertThat(attendees(GROUP3_CALENDAR)).doesNotContain("dora@example.org").isNotEmpty();
    });
  }

  /**
   * A group written from scratch, with a channel, people and a calendar the world has never heard of: the
   * sandbox's world gains them (the channel in the allowed category) and the group reaches Ready.
   */
  @Test
  @Order(8)
  void aBroughtYourOwnGroupWithNewIdsReachesReady() throws IOException {
    Path mine = dir.resolve("my-group.yaml");
    Files.writeString(mine, """
        apiVersion: study.dev/v1alpha1
        kind: StudyGroup
        metadata: {name: my-group, namespace: course}
        spec:
          displayName: My group
          members:
            - {id: zoe, discordUserId: "900000000000000001", email: zoe@example.org}
            - {id: yan, discordUserId: "900000000000000002", email: yan@example.org}
          schedule: {timeZone: Europe/Paris, firstMeeting: "2027-03-01T18:00", duration: 1h, count: 4}
          discord: {guildId: "100000000000000001", textChannelId: "900000000000000100"}
          calendar: {calendarId: my-group@group.calendar.google.com}
        """);
    assertThat(discord().hasChannel("900000000000000100")).isFalse();

    kubectl("apply", "--validate=false", "-f", mine.toString());
    assertThat(kubectl("wait", "--for=condition=Ready", "sg/my-group", "--timeout=60s").out())
        .contains("condition met");

    JsonNode world = worldJson();
    JsonNode channel = channel(world, "900000000000000100");
    assertThat(channel.path("parentId").asText()).isEqualTo(channel(world, GROUP3_TEXT).path("parentId").asText())
        .isNotEmpty();
    assertThat(channelViewers(world, "900000000000000100")).containsExactlyInAnyOrder("900000000000000001",
        "900000000000000002");
    assertThat(attendeesInWorld(world, "my-group@group.calendar.google.com")).contains("zoe@example.org",
        "yan@example.org");
    kubectl("delete", "sg", "my-group", "--timeout=60s");
  }

  // ------------------------------------------------------------------ the web app's two patches

  /** Leaves a group: remove the member at its index, guarded by a test of the id there. */
  private static void leave(String group, String id) {
    guarded(group, () -> {
      int index = indexOf(getJson(group), id);
      return "[{\"op\":\"test\",\"path\":\"/spec/members/" + index + "/id\",\"value\":\"" + id + "\"},"
          + "{\"op\":\"remove\",\"path\":\"/spec/members/" + index + "\"}]";
    });
  }

  /** Joins a group: append, guarded by a test of the resourceVersion as read. */
  private static void join(String group, JsonNode member) {
    guarded(group, () -> {
      String resourceVersion = getJson(group).path("metadata").path("resourceVersion").asText();
      return "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + resourceVersion
          + "\"},{\"op\":\"add\",\"path\":\"/spec/members/-\",\"value\":" + member + "}]";
    });
  }

  /**
   * The recipes' loop: read, patch with a test, and on a failed test read again and redo. The operator's status
   * writes change the resourceVersion between a read and a write, so a resourceVersion test does fail here.
   */
  private static void guarded(String group, java.util.function.Supplier<String> readAndBuildPatch) {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      Result r = run("patch", "sg", group, "--type=json", "-p", readAndBuildPatch.get());
      if (r.code() == 0) {
        return;
      }
      assertThat(r.err()).as("only a failed test op is retried").contains("The request is invalid", "test ");
      failures.add(r.err().strip());
    }
    fail("guarded patch of " + group + " kept failing: " + failures);
  }

  private static JsonNode member(String group, String id) {
    JsonNode g = getJson(group);
    return g.path("spec").path("members").get(indexOf(g, id));
  }

  // ------------------------------------------------------------------ helpers

  /** Runs {@code kubectl studygroup ...}: kubectl finds the plugin in bin/ on the PATH; it expects success. */
  private static Result plugin(String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "studygroup"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", Path.of("bin").toAbsolutePath() + java.io.File.pathSeparator
        + kubectl.getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
    builder.environment().put("KUBECACHEDIR", dir.resolve("kube-cache").toString());
    Result r = exec(builder, "kubectl studygroup " + String.join(" ", args));
    if (r.code() != 0) {
      fail("kubectl studygroup " + String.join(" ", args) + " failed with " + r.code() + ":\n" + r.err() + r.out());
    }
    return r;
  }

  private static JsonNode worldJson() {
    try {
      var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(sandbox.worldUrl() + "world.json")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      return fail("the world view does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  private static JsonNode channel(JsonNode world, String channelId) {
    for (JsonNode c : world.path("discord").path("channels")) {
      if (channelId.equals(c.path("id").asText())) {
        return c;
      }
    }
    return fail("no channel " + channelId + " in the world view");
  }

  /** The user ids the world view says can see a channel. */
  private static List<String> channelViewers(JsonNode world, String channelId) {
    List<String> out = new ArrayList<>();
    channel(world, channelId).path("overwrites").forEach(o -> {
      if (o.path("canView").asBoolean()) {
        out.add(o.path("userId").asText());
      }
    });
    return out;
  }

  /** The attendees of a calendar's live events, in the world view. */
  private static List<String> attendeesInWorld(JsonNode world, String calendarId) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : world.path("calendar").path("events")) {
      if (calendarId.equals(e.path("calendarId").asText()) && !"cancelled".equals(e.path("status").asText())) {
        e.path("attendees").forEach(a -> out.add(a.path("email").asText()));
      }
    }
    return out;
  }

  private static FakeDiscord discord() {
    return sandbox.discord();
  }

  private static List<String> attendees(String calendarId) {
    List<String> emails = new ArrayList<>();
    for (Map<String, Object> event : sandbox.calendar().liveEvents(calendarId)) {
      Object list = event.get("attendees");
      if (list instanceof List<?> attendees) {
        attendees.forEach(a -> emails.add(String.valueOf(((Map<?, ?>) a).get("email"))));
      }
    }
    return emails;
  }

  private static int indexOf(JsonNode group, String id) {
    JsonNode members = group.path("spec").path("members");
    for (int i = 0; i < members.size(); i++) {
      if (id.equals(members.get(i).path("id").asText())) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode condition(JsonNode group, String type) {
    for (JsonNode c : group.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return fail("no condition " + type + " in " + group.path("status"));
  }

  /** A channel's member overwrites as user id to [allow, deny], comparable by value. */
  private static Map<String, List<Long>> overwritesOn(String channelId) {
    Map<String, List<Long>> byUser = new java.util.TreeMap<>();
    discord().memberOverwrites(channelId).forEach((user, bits) -> byUser.put(user, List.of(bits[0], bits[1])));
    return byUser;
  }

  /** The resourceVersion once it has not moved for two seconds: the earlier tests' changes have settled. */
  private static String stableResourceVersion(String name) {
    String[] last = {""};
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      String now = getJson(name).path("metadata").path("resourceVersion").asText();
      boolean same = now.equals(last[0]);
      last[0] = now;
      return same;
    });
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() ->
        getJson(name).path("metadata").path("resourceVersion").asText().equals(last[0]));
    return last[0];
  }

  private static JsonNode getJson(String name) {
    try {
      return JSON.readTree(kubectl("get", "sg", name, "-o", "json").out());
    } catch (IOException e) {
      return fail("kubectl get -o json printed no JSON", e);
    }
  }

  record Result(int code, String out, String err) {}

  /** Runs kubectl against the sandbox and expects success. */
  private static Result kubectl(String... args) {
    Result r = run(args);
    if (r.code() != 0) {
      fail("kubectl " + String.join(" ", args) + " failed with " + r.code() + ":\n" + r.err() + r.out());
    }
    return r;
  }

  /** Runs kubectl against the sandbox and expects it to fail. */
  private static Result kubectlFailing(String... args) {
    Result r = run(args);
    if (r.code() == 0) {
      fail("kubectl " + String.join(" ", args) + " succeeded but should have failed:\n" + r.out());
    }
    return r;
  }

  private static Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
        sandbox.kubeconfig().toString(), "--cache-dir", dir.resolve("kube-cache").toString()));
    command.addAll(List.of(args));
    return exec(new ProcessBuilder(command), "kubectl " + String.join(" ", args));
  }

  private static Result exec(ProcessBuilder builder, String what) {
    try {
      Process p = builder.redirectOutput(dir.resolve("kubectl.out").toFile())
          .redirectError(dir.resolve("kubectl.err").toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return fail(what + " did not finish in 90 s");
      }
      return new Result(p.exitValue(), Files.readString(dir.resolve("kubectl.out"), StandardCharsets.UTF_8),
          Files.readString(dir.resolve("kubectl.err"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return fail("could not run " + kubectl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running kubectl");
    }
  }

  /** /usr/bin/kubectl, else kubectl on the PATH; the test fails, with how to fix it, when there is none. */
  private static Path findKubectl() {
    Path usual = Path.of("/usr/bin/kubectl");
    if (Files.isExecutable(usual)) {
      return usual;
    }
    for (String d : Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(d, "kubectl");
      if (!d.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail("KubectlE2E needs the real kubectl at /usr/bin/kubectl or on the PATH, and found none. Install it"
        + " (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/; it is not in Debian's main archive)"
        + " and run the tests again.");
  }
}
