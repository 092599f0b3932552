package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.study.operator.api.StudyGroup;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world view in a real headless Chromium: the page shows the fake world the examples made, and a person
 * acting as a member on it (accept, decline) changes the calendar, after which the answers reach the group's
 * status through the operator. The sandbox runs with {@code --strict-world}, which is checked too: there a new
 * group's channel is not created.
 *
 * <p>Without Chromium the browser tests are skipped, saying how to install it; with
 * {@code STUDYGROUP_REQUIRE_CHROMIUM=1} (set by .ci/run, which installs it) they fail instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorldViewE2E {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String GROUP3_CALENDAR = "cohort7-group3@group.calendar.google.com";
  /** Where the screenshot goes; docs/world-view.png is a copy of one. */
  private static final Path SCREENSHOT = Path.of("target", "world-view.png");

  @TempDir
  static Path dir;
  private static Sandbox sandbox;
  private static HeadlessChromium browser;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    sandbox = Sandbox.start(Sandbox.Options.defaults().withApiPort(0).withDir(dir).withStrictWorld());
    sandbox.awaitExamplesReady(Duration.ofSeconds(120));
    var chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      String how = "Chromium is not installed: `apt-get install -y chromium` (Debian's package; .ci/run installs it)";
      if ("1".equals(System.getenv("STUDYGROUP_REQUIRE_CHROMIUM"))) {
        fail(how + ", and STUDYGROUP_REQUIRE_CHROMIUM=1 asks for the browser tests to run");
      }
      System.err.println("WorldViewE2E: browser tests skipped. " + how);
      return;
    }
    browser = HeadlessChromium.open(chromium.get(), sandbox.worldUrl(), dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void thePageShowsChannelsEventsMessagesAndReminders() {
    requireBrowser();
    await().atMost(WAIT).until(() -> "true".equals(browser.evaluate("document.body.dataset.loaded").asText()));

    String channels = text("channels");
    assertThat(channels).contains("#cohort7-group3", "#cohort7-group5", "#cohort7-group8", "alice", "chen");
    assertThat(text("events")).contains("alice@example.org: needsAction", "fatima");
    assertThat(text("groups")).contains("course/cohort7-group3", "True");
    // the welcomes went out as DMs; the page lists them with the member they went to
    assertThat(text("messages")).contains("DM to");
    assertThat(browser.evaluate("document.querySelectorAll('#reminders tr').length").asInt())
        .isGreaterThan(1);
  }

  @Test
  @Order(2)
  void aMemberAcceptsAndDeclinesOnThePageAndStatusCountsTheAnswers() throws IOException {
    requireBrowser();
    await().atMost(WAIT).until(() -> text("events").contains("dora@example.org"));
    String eventId = click("accepted", "alice@example.org");
    assertThat(click("declined", "dora@example.org")).isEqualTo(eventId);

    await().atMost(WAIT).untilAsserted(() -> assertThat(responses(eventId))
        .containsEntry("alice@example.org", "accepted").containsEntry("dora@example.org", "declined"));
    // the answers go back through the operator: RsvpsSynced records them and status counts them
    await().atMost(WAIT).untilAsserted(() -> {
      var rsvps = group("cohort7-group3").getStatus().getRsvps();
      assertThat(rsvps.getAccepted()).isEqualTo(1);
      assertThat(rsvps.getDeclined()).isEqualTo(1);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> text("groups").contains("1 accepted, 1 declined"));

    Files.createDirectories(SCREENSHOT.getParent());
    byte[] png = browser.screenshot();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Files.write(SCREENSHOT, png);
  }

  /** In the strict world nothing is created: a group naming a new channel gets ChannelNotFound, as in production. */
  @Test
  @Order(3)
  void aStrictWorldDoesNotGrowForANewGroup() {
    String channelId = "900000000000000200";
    sandbox.client().resource("""
        apiVersion: study.dev/v1alpha1
        kind: StudyGroup
        metadata: {name: strict-newcomer, namespace: course}
        spec:
          displayName: Newcomer
          members: [{id: zoe, discordUserId: "900000000000000003"}]
          schedule: {timeZone: Europe/Paris, firstMeeting: "2027-03-01T18:00", duration: 1h, count: 2}
          discord: {guildId: "100000000000000001", textChannelId: "%s"}
        """.formatted(channelId)).create();

    await().atMost(WAIT).until(() -> "ChannelNotFound".equals(reason(group("strict-newcomer"), "DiscordSynced")));
    assertThat(sandbox.discord().hasChannel(channelId)).isFalse();
    assertThat(sandbox.discord().guildMembers("100000000000000001")).doesNotContain("900000000000000003");
  }

  // ------------------------------------------------------------------ helpers

  private static void requireBrowser() {
    Assumptions.assumeTrue(browser != null, "Chromium is not installed: `apt-get install -y chromium`");
  }

  private static String text(String tableId) {
    return browser.evaluate("document.getElementById('" + tableId + "').innerText").asText();
  }

  /** Clicks a member's button on the first group 3 event that lists them; returns that event's id. */
  private static String click(String answer, String email) {
    JsonNode eventId = browser.evaluate("(() => { const b = document.querySelector('button[data-act=\"" + answer
        + "\"][data-email=\"" + email + "\"][data-calendar=\"" + GROUP3_CALENDAR + "\"]');"
        + " if (!b) return null; b.click(); return b.dataset.event; })()");
    assertThat(eventId.isTextual()).as("a %s button for %s on the page", answer, email).isTrue();
    return eventId.asText();
  }

  private static Map<String, String> responses(String eventId) {
    Map<String, Object> event = sandbox.calendar().event(GROUP3_CALENDAR, eventId).orElseThrow();
    Map<String, String> out = new java.util.HashMap<>();
    for (Object a : (List<?>) event.get("attendees")) {
      Map<?, ?> attendee = (Map<?, ?>) a;
      out.put(String.valueOf(attendee.get("email")), String.valueOf(attendee.get("responseStatus")));
    }
    return out;
  }

  private static StudyGroup group(String name) {
    return sandbox.client().resources(StudyGroup.class).inNamespace("course").withName(name).get();
  }

  private static String reason(StudyGroup g, String type) {
    if (g == null || g.getStatus() == null) {
      return null;
    }
    return g.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).map(Condition::getReason)
        .findFirst().orElse(null);
  }
}
