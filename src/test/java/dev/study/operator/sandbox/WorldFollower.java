package dev.study.operator.sandbox;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.study.operator.reconcile.ChannelLocator;
import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import dev.study.operator.sync.SyncException;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.discord.FakeDiscord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bring your own group: when a StudyGroup is about to be stored, the sandbox's world gains what it names and does
 * not have yet, as a server admin would set it up by hand: each missing text, voice or reminder channel in the
 * sandbox guild (under the allowed category, since scope rules still apply), each missing guild member (who
 * joins, as a person accepting an invite would), and each missing calendar. The fakes answer exactly as before:
 * only their contents grow. A group naming another guild gains nothing, and the operator refuses it as it would
 * in production (InvalidSpec, the guild is not on the allowlist).
 *
 * <p>It waits until the operator's gateway cache has each new channel in its category before the write goes on,
 * so the operator never reconciles a group whose channel it has not heard of yet (that would be ChannelNotFound,
 * which is not retried).
 */
final class WorldFollower implements Consumer<JsonNode> {
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(15);

  private final FakeDiscord discord;
  private final FakeCalendar calendar;
  private final Map<String, String> categoryByGuild;
  private final Supplier<ChannelLocator> locator;
  private final PrintStream out;

  /**
   * @param categoryByGuild the allowed category of each sandbox guild, where new channels go
   * @param locator the operator's view of where channels are (null until the operator has started)
   */
  WorldFollower(FakeDiscord discord, FakeCalendar calendar, Map<String, String> categoryByGuild,
      Supplier<ChannelLocator> locator, PrintStream out) {
    this.discord = discord;
    this.calendar = calendar;
    this.categoryByGuild = Map.copyOf(categoryByGuild);
    this.locator = locator;
    this.out = out;
  }

  @Override
  public void accept(JsonNode group) {
    JsonNode spec = group.path("spec");
    String name = group.path("metadata").path("namespace").asText() + "/" + group.path("metadata").path("name")
        .asText();
    List<String> added = new ArrayList<>();
    String guildId = spec.path("discord").path("guildId").asText(null);
    if (guildId != null && discord.guildIds().contains(guildId)) {
      String category = categoryByGuild.get(guildId);
      List<String> newChannels = new ArrayList<>();
      String base = group.path("metadata").path("name").asText();
      for (String field : List.of("textChannelId", "voiceChannelId", "reminderChannelId")) {
        String channelId = spec.path("discord").path(field).asText(null);
        if (channelId == null || !Sandbox.isSnowflake(channelId) || discord.hasChannel(channelId)) {
          continue;
        }
        String channelName = base + switch (field) {
          case "voiceChannelId" -> "-voice";
          case "reminderChannelId" -> "-reminders";
          default -> "";
        };
        if (field.equals("voiceChannelId")) {
          discord.addVoiceChannel(guildId, channelId, channelName);
        } else {
          discord.addTextChannel(guildId, channelId, channelName);
        }
        if (category != null) {
          discord.moveToCategory(channelId, category);
        }
        newChannels.add(channelId);
        added.add("channel #" + channelName + " (" + channelId + ")");
      }
      for (JsonNode member : spec.path("members")) {
        String userId = member.path("discordUserId").asText(null);
        if (userId != null && Sandbox.isSnowflake(userId) && !discord.guildMembers(guildId).contains(userId)) {
          discord.addMember(guildId, userId, member.path("id").asText());
          discord.join(guildId, userId);
          added.add("guild member " + member.path("id").asText() + " (" + userId + ")");
        }
      }
      awaitSeenByOperator(guildId, newChannels, category);
    }
    String calendarId = spec.path("calendar").path("calendarId").asText(null);
    if (calendarId != null && !calendar.calendarIds().contains(calendarId)) {
      calendar.addCalendar(calendarId);
      added.add("calendar " + calendarId);
    }
    if (!added.isEmpty()) {
      out.println("sandbox: the world gained, for " + name + ": " + String.join(", ", added));
    }
  }

  private void awaitSeenByOperator(String guildId, List<String> channelIds, String category) {
    ChannelLocator operatorView = locator.get();
    if (channelIds.isEmpty() || operatorView == null) {
      return;
    }
    try {
      await().atMost(SEEN_WITHIN).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
        for (String channelId : channelIds) {
          ChannelPlace place = locate(operatorView, guildId, channelId);
          if (place.where() != ChannelPlace.Where.IN_GUILD || !Objects.equals(place.parentId(), category)) {
            return false;
          }
        }
        return true;
      });
    } catch (ConditionTimeoutException e) {
      out.println("sandbox: the operator's gateway did not see channels " + channelIds + " within "
          + SEEN_WITHIN.toSeconds() + " s; the group may report ChannelNotFound");
    }
  }

  private static ChannelPlace locate(ChannelLocator locator, String guildId, String channelId) {
    try {
      return locator.locate(guildId, channelId);
    } catch (SyncException e) {
      return ChannelPlace.notFound();
    }
  }
}
