package dev.study.operator.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.reminders.Reminder;
import dev.study.operator.reminders.ReminderMessage;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.testing.discord.FakeDiscord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel messages: resolved through the named guild, and pinging only the users asked for. The bot has
 * Administrator here, so it could mention everyone: only the allowed mentions stop it.
 */
class DiscordMessagesIT {
  private static final String TOKEN = "MTE5.fake-messages-token.s3cr3t";
  private static final String POST_MESSAGE = "POST /channels/{id}/messages";

  private static FakeDiscord fake;
  private static JdaDiscordAccess access;
  private static String guild;
  private static String otherGuild;

  @BeforeAll
  static void logIn() throws Exception {
    fake = FakeDiscord.start(TOKEN);
    guild = fake.addGuild("Study Platform");
    otherGuild = fake.addGuild("Another Server");
    access = JdaDiscordAccess.connect(new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl(),
        Duration.ofSeconds(30), Duration.ofSeconds(20)));
  }

  @AfterAll
  static void logOut() {
    if (access != null) {
      access.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void aChannelOfAnotherGuildIsNotFoundAndNothingIsPosted() {
    String foreign = fake.addTextChannel(otherGuild, "announcements");
    DiscordWorld.awaitCacheMatchesFake(fake, access, otherGuild, foreign);
    fake.resetCounters();

    assertThatThrownBy(() -> access.sendMessage(guild, foreign, "Reminder", "n-foreign", Set.of()))
        .isInstanceOfSatisfying(DiscordFailure.class,
            e -> assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.CHANNEL_NOT_FOUND));
    assertThat(fake.count(POST_MESSAGE)).isZero();
    assertThat(fake.messages(foreign)).isEmpty();
  }

  @Test
  void onlyTheGivenUsersMayBePinged() throws Exception {
    String text = channel();
    String alice = fake.addMember(guild, "alice");
    String bob = fake.addMember(guild, "bob");
    String role = fake.botRoleId(guild);

    String id = access.sendMessage(guild, text, "<@" + alice + "> <@" + bob + "> <@&" + role + "> @everyone @here",
        "n-allowed", Set.of(alice));

    JsonObject allowed = fake.allowedMentions(id);
    assertThat(allowed.getJsonArray("parse")).isEmpty();
    assertThat(allowed.getJsonArray("users")).containsExactly(alice);
    assertThat(allowed.getJsonArray("roles", new JsonArray())).isEmpty();
    JsonObject message = fake.messages(text).get(0);
    assertThat(userIds(message.getJsonArray("mentions"))).containsExactly(alice);
    assertThat(message.getJsonArray("mention_roles")).isEmpty();
    assertThat(message.getBoolean("mention_everyone")).isFalse();
  }

  @Test
  void aReminderForAGroupNamedLikeAMentionShowsTheNameAndPingsOnlyItsMembers() throws Exception {
    String text = channel();
    String alice = fake.addMember(guild, "alice");
    String name = "@everyone <@&" + fake.botRoleId(guild) + "> [x](https://example.org)";
    Instant start = Instant.parse("2027-01-05T18:00:00Z");
    Reminder reminder = new Reminder("uid-1", 1, "1h", "course", "g1", name, guild, text, start,
        start.minusSeconds(3600), alice, ReminderState.pending);

    access.sendMessage(guild, text, ReminderMessage.content(reminder), ReminderMessage.nonce(reminder.key()),
        Set.of(alice));

    JsonObject message = fake.messages(text).get(0);
    assertThat(message.getString("content"))
        .contains("\\@everyone \\<\\@&" + fake.botRoleId(guild) + "> \\[x\\](https://example.org)");
    assertThat(message.getBoolean("mention_everyone")).isFalse();
    assertThat(message.getJsonArray("mention_roles")).isEmpty();
    assertThat(userIds(message.getJsonArray("mentions"))).containsExactly(alice);
  }

  /** The fake is honest about mentions: without allowed_mentions, Discord parses users, roles and everyone. */
  @Test
  void withoutAllowedMentionsTheFakeMentionsWhatTheContentSays() throws Exception {
    String text = channel();
    String alice = fake.addMember(guild, "alice");
    String role = fake.botRoleId(guild);
    HttpRequest post = HttpRequest.newBuilder(URI.create(fake.restBaseUrl() + "channels/" + text + "/messages"))
        .header("Authorization", "Bot " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("content", "<@" + alice + "> <@&" + role + "> @everyone \\<@&" + role + ">").encode()))
        .build();

    HttpResponse<String> reply = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());

    JsonObject message = new JsonObject(reply.body());
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(userIds(message.getJsonArray("mentions"))).containsExactly(alice);
    assertThat(message.getJsonArray("mention_roles")).containsExactly(role);
    assertThat(message.getBoolean("mention_everyone")).isTrue();
  }

  private static String channel() {
    String id = fake.addTextChannel(guild, "group");
    DiscordWorld.awaitCacheMatchesFake(fake, access, guild, id);
    return id;
  }

  private static List<String> userIds(JsonArray users) {
    return users.stream().map(u -> ((JsonObject) u).getString("id")).toList();
  }
}
