package dev.study.operator.testing.discord;

import static dev.study.operator.testing.discord.FakeDiscord.MENTION_EVERYONE;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Create Message and Create DM (message.mdx, user.mdx): permission checks, enforced nonces, allowed mentions,
 * DMs closed by the user, and the throttle on opening DMs. Called under the model's lock.
 */
final class MessageRoutes {
  private static final Pattern USER_MENTION = Pattern.compile("(?<!\\\\)<@!?(\\d+)>");
  private static final Pattern ROLE_MENTION = Pattern.compile("(?<!\\\\)<@&(\\d+)>");
  private static final Pattern EVERYONE_MENTION = Pattern.compile("(?<!\\\\)@(everyone|here)");

  private final DiscordModel model;
  private final BotPermissions permissions;
  private final Map<String, SentMessage> messagesByNonce = new LinkedHashMap<>();
  private final List<Instant> dmOpens = new ArrayList<>();
  /**
   * Discord dedupes an enforced nonce "for the same sender within a few minutes" (change-log.mdx; the field doc
   * says "past few minutes"), with no exact figure; tests must not rely on more than that.
   */
  private volatile Duration nonceWindow = Duration.ofMinutes(3);
  private volatile int dmOpenLimit = Integer.MAX_VALUE;
  private volatile Duration dmOpenWindow = Duration.ofMinutes(1);

  private record SentMessage(JsonObject message, Instant at) {}

  private record Mentions(JsonArray users, JsonArray roles, boolean everyone) {}

  MessageRoutes(DiscordModel model, BotPermissions permissions) {
    this.model = model;
    this.permissions = permissions;
  }

  void setNonceWindow(Duration window) {
    nonceWindow = window;
  }

  void limitDirectMessageOpens(int n, Duration window) {
    synchronized (model) {
      dmOpenLimit = n;
      dmOpenWindow = window;
      dmOpens.clear();
    }
  }

  Reply post(String channelId, JsonObject body) {
    Channel channel = model.channels.get(channelId);
    boolean dm = model.dmChannelByUser.containsValue(channelId);
    if (channel == null && !dm) {
      return Reply.unknownChannel();
    }
    if (channel != null) {
      Guild guild = model.guilds.get(channel.guildId);
      if (guild.unavailable) {
        return Reply.error(503, 0, "503: Service Unavailable");
      }
      long perms = permissions.inChannel(guild, channel);
      if ((perms & VIEW_CHANNEL) == 0) {
        return Reply.error(403, 50001, "Missing Access");
      }
      if ((perms & SEND_MESSAGES) == 0) {
        return Reply.error(403, 50013, "Missing Permissions");
      }
    }
    String recipient = dm ? model.dmChannelByUser.entrySet().stream().filter(e -> e.getValue().equals(channelId))
        .map(Map.Entry::getKey).findFirst().orElseThrow() : null;
    // Discord refuses a DM to a user who closed DMs or who shares no server with the bot (50007)
    if (dm && (model.dmsClosed.contains(recipient)
        || model.guilds.values().stream().noneMatch(g -> g.members.contains(recipient)))) {
      return Reply.error(403, 50007, "Cannot send messages to this user");
    }
    String nonce = body.getValue("nonce") == null ? null : body.getValue("nonce").toString();
    // "deduped for the same sender" (change-log.mdx): the author, not the channel, scopes a nonce
    String key = model.botUserId + "/" + nonce;
    Instant now = model.now();
    if (nonce != null && body.getBoolean("enforce_nonce", false)) {
      SentMessage earlier = messagesByNonce.get(key);
      if (earlier != null && earlier.at.plus(nonceWindow).isAfter(now)) {
        return Reply.json(200, earlier.message.copy());
      }
    }
    String content = body.getString("content", "");
    Mentions mentions = mentions(content, body.getJsonObject("allowed_mentions"),
        channel == null ? 0 : permissions.inChannel(model.guilds.get(channel.guildId), channel));
    JsonObject message = new JsonObject()
        .put("id", model.nextId())
        .put("channel_id", channelId)
        .put("author", DiscordJson.user(model, model.botUserId).put("bot", true))
        .put("content", content)
        .put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString())
        .putNull("edited_timestamp")
        .put("tts", false)
        .put("mention_everyone", mentions.everyone)
        .put("mentions", mentions.users)
        .put("mention_roles", mentions.roles)
        .put("attachments", new JsonArray())
        .put("embeds", new JsonArray())
        .put("components", new JsonArray())
        .put("pinned", false)
        .put("type", 0)
        .put("flags", 0);
    if (channel != null) {
      message.put("guild_id", channel.guildId);
    }
    if (body.containsKey("allowed_mentions")) {
      model.sentAllowedMentions.put(message.getString("id"), body.getJsonObject("allowed_mentions").copy());
    }
    if (nonce != null) {
      message.put("nonce", nonce);
      messagesByNonce.put(key, new SentMessage(message.copy(), now));
    }
    model.messages.add(message.copy());
    return Reply.json(200, message);
  }

  /**
   * After the limit of DM channels opened within the window, {@code 403 40003} "You are opening direct messages
   * too fast" (opcodes-and-status-codes.mdx; a 403, davidhozic/discord-advertisement-framework#82).
   */
  Reply openDm(String userId) {
    if (userId == null || !model.usernames.containsKey(userId)) {
      return Reply.error(400, 50035, "Invalid Form Body");
    }
    Instant now = model.now();
    dmOpens.removeIf(at -> !at.plus(dmOpenWindow).isAfter(now));
    if (dmOpens.size() >= dmOpenLimit) {
      return Reply.error(403, 40003, "You are opening direct messages too fast");
    }
    dmOpens.add(now);
    String channelId = model.dmChannelByUser.computeIfAbsent(userId, u -> model.nextId());
    return Reply.json(200, new JsonObject().put("id", channelId).put("type", 1).putNull("last_message_id")
        .put("flags", 0).put("recipients", new JsonArray().add(DiscordJson.user(model, userId))));
  }

  /**
   * What Discord would mention (message.mdx, "Allowed Mentions"): the mentions found in the content, limited by
   * {@code allowed_mentions}; without it the default parse is users, roles and everyone. {@code @everyone} also
   * needs MENTION_EVERYONE. A backslash before a mention makes it text.
   */
  private Mentions mentions(String content, JsonObject allowed, long channelPermissions) {
    Set<String> parse = new LinkedHashSet<>(List.of("users", "roles", "everyone"));
    Set<String> allowedUsers = new LinkedHashSet<>();
    Set<String> allowedRoles = new LinkedHashSet<>();
    if (allowed != null) {
      parse.clear();
      allowed.getJsonArray("parse", new JsonArray()).forEach(p -> parse.add(p.toString()));
      allowed.getJsonArray("users", new JsonArray()).forEach(u -> allowedUsers.add(u.toString()));
      allowed.getJsonArray("roles", new JsonArray()).forEach(r -> allowedRoles.add(r.toString()));
    }
    JsonArray users = new JsonArray();
    Set<String> seenUsers = new LinkedHashSet<>();
    Matcher m = USER_MENTION.matcher(content);
    while (m.find()) {
      String id = m.group(1);
      if ((parse.contains("users") || allowedUsers.contains(id)) && seenUsers.add(id)) {
        users.add(DiscordJson.user(model, id));
      }
    }
    JsonArray roles = new JsonArray();
    Set<String> seenRoles = new LinkedHashSet<>();
    m = ROLE_MENTION.matcher(content);
    while (m.find()) {
      String id = m.group(1);
      if ((parse.contains("roles") || allowedRoles.contains(id)) && seenRoles.add(id)) {
        roles.add(id);
      }
    }
    boolean everyone = parse.contains("everyone") && (channelPermissions & MENTION_EVERYONE) != 0
        && EVERYONE_MENTION.matcher(content).find();
    return new Mentions(users, roles, everyone);
  }
}
