package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.discord.FakeDiscord;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The sandbox's outside world as it is now, as one JSON document ({@code /world.json}): Discord's channels with
 * who has a member overwrite on them, the messages posted (reminders, welcomes) with whom they mention, every
 * calendar event with its attendees and their responses, the reminders in PostgreSQL, and each group's Ready and
 * RSVP counts. Status counts say what the last sync did; this says what the world holds.
 */
final class WorldSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REMINDERS = "SELECT namespace, COALESCE(resource_name, group_name), meeting_number,"
      + " offset_text, due_at, state FROM reminder ORDER BY due_at, namespace, 2, meeting_number";

  private final FakeDiscord discord;
  private final FakeCalendar calendar;
  private final DataSource database;
  private final Supplier<List<StudyGroup>> groups;
  private final Clock clock;

  WorldSnapshot(FakeDiscord discord, FakeCalendar calendar, DataSource database, Supplier<List<StudyGroup>> groups,
      Clock clock) {
    this.discord = discord;
    this.calendar = calendar;
    this.database = database;
    this.groups = groups;
    this.clock = clock;
  }

  ObjectNode now() {
    ObjectNode world = JSON.createObjectNode().put("generatedAt", clock.instant().toString());
    world.set("groups", groups());
    ObjectNode d = world.putObject("discord");
    d.set("channels", channels());
    d.set("messages", messages());
    world.putObject("calendar").set("events", events());
    world.set("reminders", reminders());
    return world;
  }

  private ArrayNode groups() {
    ArrayNode out = JSON.createArrayNode();
    List<StudyGroup> sorted = groups.get().stream().sorted(Comparator.comparing((StudyGroup g) ->
        g.getMetadata().getNamespace()).thenComparing(g -> g.getMetadata().getName())).toList();
    for (StudyGroup g : sorted) {
      ObjectNode group = out.addObject().put("namespace", g.getMetadata().getNamespace())
          .put("name", g.getMetadata().getName()).put("generation", g.getMetadata().getGeneration())
          .put("ready", GroupTable.ready(g));
      var ready = GroupTable.condition(g, "Ready");
      group.put("reason", ready == null ? null : ready.getReason());
      ArrayNode members = group.putArray("members");
      g.getSpec().getMembers().forEach(m -> members.add(m.getId()));
      if (g.getStatus() != null && g.getStatus().getRsvps() != null) {
        group.set("rsvps", JSON.valueToTree(g.getStatus().getRsvps()));
      }
    }
    return out;
  }

  private ArrayNode channels() {
    ArrayNode out = JSON.createArrayNode();
    for (JsonObject c : discord.channels()) {
      ObjectNode channel = out.addObject().put("id", c.getString("id")).put("guildId", c.getString("guild_id"))
          .put("parentId", c.getString("parent_id")).put("name", c.getString("name"))
          .put("type", switch (c.getInteger("type")) {
            case 2 -> "voice";
            case 4 -> "category";
            default -> "text";
          });
      ArrayNode overwrites = channel.putArray("overwrites");
      for (Object o : c.getJsonArray("permission_overwrites")) {
        JsonObject ow = (JsonObject) o;
        if (ow.getInteger("type") != 1) {
          continue; // role overwrites (@everyone, the bot's role) are the admin's, not a member's access
        }
        long allow = Long.parseUnsignedLong(ow.getString("allow"));
        overwrites.addObject().put("userId", ow.getString("id")).put("username", discord.username(ow.getString("id")))
            .put("allow", ow.getString("allow")).put("deny", ow.getString("deny"))
            .put("canView", (allow & FakeDiscord.VIEW_CHANNEL) != 0);
      }
    }
    return out;
  }

  private ArrayNode messages() {
    Map<String, String> dmChannels = discord.directMessageChannels();
    ArrayNode out = JSON.createArrayNode();
    for (JsonObject m : discord.allMessages()) {
      String channelId = m.getString("channel_id");
      String recipient = dmChannels.entrySet().stream().filter(e -> e.getValue().equals(channelId))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      ObjectNode message = out.addObject().put("id", m.getString("id")).put("channelId", channelId)
          .put("direct", recipient != null).put("recipient", recipient)
          .put("recipientName", recipient == null ? null : discord.username(recipient))
          .put("content", m.getString("content"))
          .put("timestamp", m.getString("timestamp"));
      ArrayNode mentions = message.putArray("mentions");
      m.getJsonArray("mentions").forEach(u -> mentions.add(((JsonObject) u).getString("id")));
      message.put("mentionEveryone", m.getBoolean("mention_everyone", false));
      ArrayNode roles = message.putArray("mentionRoles");
      m.getJsonArray("mention_roles").forEach(r -> roles.add(r.toString()));
      message.put("nonce", m.getValue("nonce") == null ? null : m.getValue("nonce").toString());
    }
    return out;
  }

  private ArrayNode events() {
    ArrayNode out = JSON.createArrayNode();
    for (String calendarId : calendar.calendarIds()) {
      for (Map<String, Object> e : calendar.events(calendarId)) {
        JsonNode event = JSON.valueToTree(e);
        ObjectNode row = out.addObject().put("calendarId", calendarId).put("id", event.path("id").asText())
            .put("status", event.path("status").asText("confirmed")).put("summary", event.path("summary").asText())
            .put("start", event.path("start").path("dateTime").asText())
            .put("end", event.path("end").path("dateTime").asText());
        ArrayNode attendees = row.putArray("attendees");
        for (JsonNode a : event.path("attendees")) {
          attendees.addObject().put("email", a.path("email").asText())
              .put("responseStatus", a.path("responseStatus").asText("needsAction"));
        }
      }
    }
    return out;
  }

  private ArrayNode reminders() {
    ArrayNode out = JSON.createArrayNode();
    try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(REMINDERS);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        out.addObject().put("namespace", rows.getString(1)).put("group", rows.getString(2))
            .put("meeting", rows.getInt(3)).put("offset", rows.getString(4))
            .put("dueAt", rows.getTimestamp(5).toInstant().toString()).put("state", rows.getString(6));
      }
    } catch (SQLException e) {
      // before Flyway has made the table, or while the database is down: no reminders to show yet
    }
    return out;
  }
}
