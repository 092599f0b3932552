package dev.study.operator.testing.discord;

import static dev.study.operator.testing.discord.FakeDiscord.CONNECT;
import static dev.study.operator.testing.discord.FakeDiscord.SEND_MESSAGES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;

import dev.study.operator.testing.discord.Channel.Overwrite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the fake Discord holds: guilds with their members, channels with their overwrites, users, DM channels and
 * messages. Every change, by REST or by hand, is made under this object's lock, and its gateway event is enqueued
 * under the same lock, so events keep the order of the changes.
 */
final class DiscordModel {
  final String botUserId;
  final String applicationId;
  final Map<String, Guild> guilds = new LinkedHashMap<>();
  final Map<String, Channel> channels = new LinkedHashMap<>();
  final Map<String, String> usernames = new LinkedHashMap<>();
  final Map<String, String> dmChannelByUser = new LinkedHashMap<>();
  final Set<String> dmsClosed = new LinkedHashSet<>();
  final List<JsonObject> messages = new ArrayList<>();
  final Map<String, JsonObject> sentAllowedMentions = new LinkedHashMap<>();
  private final AtomicLong snowflakes = new AtomicLong(1_300_000_000_000_000_000L);
  private final GatewaySessions gateway;
  private volatile String token;
  volatile Clock clock = Clock.systemUTC();
  volatile boolean unknownOverwriteForNonMembers;

  /** What an IDENTIFY gets: every guild as unavailable in READY, and a GUILD_CREATE for each available one. */
  record Login(JsonArray unavailable, List<JsonObject> guildCreates) {}

  DiscordModel(String token, GatewaySessions gateway) {
    this.token = token;
    this.gateway = gateway;
    this.botUserId = nextId();
    this.applicationId = botUserId;
    usernames.put(botUserId, "studybot");
  }

  String nextId() {
    return Long.toString(snowflakes.incrementAndGet());
  }

  boolean acceptsToken(String presented) {
    return presented != null && (presented.equals(token) || presented.equals("Bot " + token));
  }

  /** The REST Authorization header: {@code Bot <token>} (the raw token is accepted too). */
  boolean acceptsAuthorization(String header) {
    return header != null && (header.equals("Bot " + token) || header.equals(token));
  }

  void resetToken(String newToken) {
    token = newToken;
  }

  // ---------------------------------------------------------------- world set-up

  synchronized String addGuild(String guildId, String name, long botRolePermissions) {
    String ownerId = nextId();
    usernames.put(ownerId, "owner");
    Guild guild = new Guild(guildId, name, nextId(), botRolePermissions, ownerId);
    guild.members.add(ownerId);
    guild.members.add(botUserId);
    guilds.put(guild.id, guild);
    // the bot joining a guild: sessions already open hear of it as Discord tells them, with GUILD_CREATE
    gateway.dispatchLater("GUILD_CREATE", DiscordJson.guildCreate(this, guild));
    return guild.id;
  }

  synchronized String addChannel(String guildId, String channelId, String name, int type) {
    Guild guild = guild(guildId);
    if (channels.containsKey(channelId)) {
      throw new IllegalArgumentException("channel " + channelId + " exists");
    }
    Channel channel = new Channel(channelId, guildId, type, name, channels.size());
    channel.overwrites.put(guildId, new Overwrite(guildId, 0, 0, VIEW_CHANNEL));
    channel.overwrites.put(guild.botRoleId, new Overwrite(guild.botRoleId, 0, VIEW_CHANNEL | CONNECT | SEND_MESSAGES, 0));
    channels.put(channel.id, channel);
    gateway.dispatchLater("CHANNEL_CREATE", channel.toJson());
    return channel.id;
  }

  synchronized void deleteChannel(String channelId) {
    Channel channel = channels.remove(channelId);
    if (channel == null) {
      throw new IllegalArgumentException("no channel " + channelId);
    }
    gateway.dispatchLater("CHANNEL_DELETE", channel.toJson());
  }

  synchronized String addUser(String username) {
    String userId = nextId();
    usernames.put(userId, username);
    return userId;
  }

  synchronized String addMember(String guildId, String userId, String username) {
    if (username != null) {
      usernames.put(userId, username);
    }
    guild(guildId).members.add(userId);
    return userId;
  }

  /** A change made by a person in the Discord client: applied, then CHANNEL_UPDATE with the whole channel. */
  void changeByHand(String channelId, Consumer<Channel> change) {
    synchronized (this) {
      Channel channel = channels.get(channelId);
      if (channel == null) {
        throw new IllegalArgumentException("no channel " + channelId);
      }
      change.accept(channel);
      gateway.dispatchLater("CHANNEL_UPDATE", channel.toJson());
    }
  }

  /** A person joins: GUILD_MEMBER_ADD goes only to sessions that identified with GUILD_MEMBERS. */
  void join(String guildId, String userId) {
    JsonObject add;
    synchronized (this) {
      Guild guild = guild(guildId);
      usernames.putIfAbsent(userId, "user" + userId.substring(userId.length() - 4));
      guild.members.add(userId);
      add = DiscordJson.member(this, userId, guild).put("guild_id", guildId);
    }
    // gateway.mdx, "List of Intents": GUILD_MEMBER_ADD is sent only with GUILD_MEMBERS (1 << 1)
    gateway.dispatchLater("GUILD_MEMBER_ADD", add, s -> (s.intents & FakeDiscord.GUILD_MEMBERS_INTENT) != 0);
  }

  void setUnavailable(String guildId, boolean unavailable) {
    synchronized (this) {
      Guild guild = guild(guildId);
      guild.unavailable = unavailable;
      if (unavailable) {
        gateway.dispatchLater("GUILD_DELETE", new JsonObject().put("id", guildId).put("unavailable", true));
      } else {
        gateway.dispatchLater("GUILD_CREATE", DiscordJson.guildCreate(this, guild));
      }
    }
  }

  /** A snapshot for an IDENTIFY: a guild in an outage stays unavailable after READY. */
  synchronized Login login() {
    List<JsonObject> guildCreates = new ArrayList<>();
    JsonArray unavailable = new JsonArray();
    for (Guild guild : guilds.values()) {
      unavailable.add(new JsonObject().put("id", guild.id).put("unavailable", true));
      if (!guild.unavailable) {
        guildCreates.add(DiscordJson.guildCreate(this, guild));
      }
    }
    return new Login(unavailable, guildCreates);
  }

  // ---------------------------------------------------------------- inspection

  synchronized Map<String, long[]> overwrites(String channelId, int type) {
    Map<String, long[]> out = new LinkedHashMap<>();
    channels.get(channelId).overwrites.values().stream().filter(o -> o.type() == type)
        .forEach(o -> out.put(o.id(), new long[] {o.allow(), o.deny()}));
    return out;
  }

  synchronized List<JsonObject> channelsAsJson() {
    return channels.values().stream().map(Channel::toJson).toList();
  }

  synchronized boolean hasChannel(String channelId) {
    return channels.containsKey(channelId);
  }

  synchronized List<JsonObject> allMessages() {
    return messages.stream().map(JsonObject::copy).toList();
  }

  synchronized List<JsonObject> messages(String channelId) {
    return messages.stream().filter(m -> m.getString("channel_id").equals(channelId)).map(JsonObject::copy).toList();
  }

  synchronized JsonObject allowedMentions(String messageId) {
    JsonObject a = sentAllowedMentions.get(messageId);
    return a == null ? null : a.copy();
  }

  synchronized List<JsonObject> directMessages(String userId) {
    String channelId = dmChannelByUser.get(userId);
    return channelId == null ? List.of() : messages(channelId);
  }

  synchronized Map<String, String> directMessageChannels() {
    return Map.copyOf(dmChannelByUser);
  }

  synchronized Set<String> guildMembers(String guildId) {
    return Set.copyOf(guild(guildId).members);
  }

  synchronized Set<String> guildIds() {
    return Set.copyOf(guilds.keySet());
  }

  synchronized String username(String userId) {
    return usernames.get(userId);
  }

  synchronized String botRoleId(String guildId) {
    return guild(guildId).botRoleId;
  }

  synchronized String everyoneRoleId(String guildId) {
    return guild(guildId).id;
  }

  synchronized void closeDirectMessages(String userId) {
    dmsClosed.add(userId);
  }

  Guild guild(String guildId) {
    Guild guild = guilds.get(guildId);
    if (guild == null) {
      throw new IllegalArgumentException("no guild " + guildId);
    }
    return guild;
  }

  Instant now() {
    return clock.instant();
  }
}
