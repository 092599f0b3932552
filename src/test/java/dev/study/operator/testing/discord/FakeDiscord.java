package dev.study.operator.testing.discord;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fake Discord on 127.0.0.1 that speaks enough of the REST API ({@code /api/v10}) and the gateway websocket
 * for JDA: login, READY and GUILD_CREATE, heartbeats, member and role overwrites with CHANNEL_UPDATE dispatches,
 * messages with enforced nonces, and DM channels. It counts requests by route, records when each arrived, and
 * injects faults by rule. Tests can act "by hand" as a person editing a channel in the Discord client.
 */
public final class FakeDiscord implements AutoCloseable {
  public static final long VIEW_CHANNEL = 1L << 10;
  public static final long SEND_MESSAGES = 1L << 11;
  public static final long READ_MESSAGE_HISTORY = 1L << 16;
  public static final long CONNECT = 1L << 20;
  public static final long SPEAK = 1L << 21;
  public static final long MANAGE_ROLES = 1L << 28;
  public static final long ADMINISTRATOR = 1L << 3;
  public static final long MENTION_EVERYONE = 1L << 17;
  /** What docs/discord.md asks for: View Channel, Manage Permissions (the Manage Roles bit), Send Messages, Connect. */
  public static final long LEAST_PRIVILEGE = VIEW_CHANNEL | MANAGE_ROLES | SEND_MESSAGES | CONNECT;
  /** The GUILD_MEMBERS gateway intent (gateway.mdx "List of Intents"): privileged, and GUILD_MEMBER_ADD needs it. */
  public static final int GUILD_MEMBERS_INTENT = 1 << 1;
  private static final long EVERYONE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | CONNECT | SPEAK;
  private static final java.util.regex.Pattern USER_MENTION = java.util.regex.Pattern.compile("(?<!\\\\)<@!?(\\d+)>");
  private static final java.util.regex.Pattern ROLE_MENTION = java.util.regex.Pattern.compile("(?<!\\\\)<@&(\\d+)>");
  private static final java.util.regex.Pattern EVERYONE_MENTION = java.util.regex.Pattern.compile("(?<!\\\\)@(everyone|here)");
  private static final String API = "/api/v10";

  private final Vertx vertx;
  /** The one ordered queue every gateway dispatch goes through (see {@link #dispatchLater}). */
  private final java.util.concurrent.ExecutorService gatewayEvents = java.util.concurrent.Executors
      .newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-discord-gateway");
        t.setDaemon(true);
        return t;
      });
  private final HttpServer server;
  private volatile String token;
  private final AtomicLong snowflakes = new AtomicLong(1_300_000_000_000_000_000L);
  private final String botUserId;
  private final String applicationId;
  private final Map<String, Guild> guilds = new LinkedHashMap<>();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, String> usernames = new LinkedHashMap<>();
  private final Map<String, String> dmChannelByUser = new LinkedHashMap<>();
  private final Set<String> dmsClosed = new LinkedHashSet<>();
  private final Map<String, SentMessage> messagesByNonce = new LinkedHashMap<>();
  private final List<JsonObject> messages = new ArrayList<>();
  private final Map<String, JsonObject> sentAllowedMentions = new LinkedHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger identifies = new AtomicInteger();
  private volatile Clock clock = Clock.systemUTC();
  private volatile DiscordRateLimits rateLimits;
  /** The bucket headers of the call being answered on this thread, put on its reply. */
  private final ThreadLocal<Map<String, String>> pendingLimitHeaders = new ThreadLocal<>();
  /**
   * Discord dedupes an enforced nonce "for the same sender within a few minutes" (change-log.mdx; the field doc
   * says "past few minutes"), with no exact figure; tests must not rely on more than that.
   */
  private volatile Duration nonceWindow = Duration.ofMinutes(3);
  private volatile boolean unknownOverwriteForNonMembers;
  private volatile int dmOpenLimit = Integer.MAX_VALUE;
  private volatile Duration dmOpenWindow = Duration.ofMinutes(1);
  private final List<Instant> dmOpens = new ArrayList<>();
  private final int port;

  private FakeDiscord(String token) throws Exception {
    this.token = token;
    this.botUserId = nextId();
    this.applicationId = botUserId;
    usernames.put(botUserId, "studybot");
    this.vertx = Vertx.vertx();
    this.server = vertx.createHttpServer()
        .webSocketHandler(this::gateway)
        .requestHandler(this::rest);
    this.port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
  }

  /** Starts a fake that accepts this bot token, on a random port. */
  public static FakeDiscord start(String token) {
    try {
      return new FakeDiscord(token);
    } catch (Exception e) {
      throw new IllegalStateException("fake Discord did not start", e);
    }
  }

  public String restBaseUrl() {
    return "http://127.0.0.1:" + port + API + "/";
  }

  public String gatewayUrl() {
    return "ws://127.0.0.1:" + port;
  }

  public String botUserId() {
    return botUserId;
  }

  public void setClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void close() {
    gatewayEvents.shutdownNow();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake Discord did not stop", e);
    }
  }

  // ---------------------------------------------------------------- world set-up

  /** A guild where the bot's role has administrator. Returns its id. */
  public String addGuild(String name) {
    return addGuild(name, ADMINISTRATOR);
  }

  /** A guild where the bot's role has exactly these permissions. Returns its id. */
  public synchronized String addGuild(String name, long botRolePermissions) {
    return addGuild(nextId(), name, botRolePermissions);
  }

  /** A guild with a given id (the sandbox matches the ids in examples/). Returns its id. */
  public synchronized String addGuild(String guildId, String name, long botRolePermissions) {
    String ownerId = nextId();
    usernames.put(ownerId, "owner");
    Guild guild = new Guild(guildId, name, nextId(), botRolePermissions, ownerId);
    guild.members.add(ownerId);
    guild.members.add(botUserId);
    guilds.put(guild.id, guild);
    // the bot joining a guild: sessions already open hear of it as Discord tells them, with GUILD_CREATE
    dispatchLater("GUILD_CREATE", guildCreate(guild));
    return guild.id;
  }

  /**
   * A private text channel: @everyone is denied VIEW_CHANNEL and the bot's role is allowed to see it, as a
   * server admin would set it up. Returns its id.
   */
  public String addTextChannel(String guildId, String name) {
    return addChannel(guildId, name, 0);
  }

  /** A private voice channel, set up like {@link #addTextChannel}. Returns its id. */
  public String addVoiceChannel(String guildId, String name) {
    return addChannel(guildId, name, 2);
  }

  /** A private text channel with a given id. Returns its id. */
  public String addTextChannel(String guildId, String channelId, String name) {
    return addChannel(guildId, channelId, name, 0);
  }

  /** A private voice channel with a given id. Returns its id. */
  public String addVoiceChannel(String guildId, String channelId, String name) {
    return addChannel(guildId, channelId, name, 2);
  }

  /** A category (type 4) that channels can be put under with {@link #moveToCategory}. Returns its id. */
  public String addCategory(String guildId, String name) {
    return addChannel(guildId, name, 4);
  }

  /**
   * A person deletes the channel in the Discord client: it is gone with its overwrites and messages, REST calls on
   * it answer 404 Unknown Channel (10003), and every session gets CHANNEL_DELETE whose payload is the channel
   * object, as Discord sends it (https://discord.com/developers/docs/topics/gateway-events#channel-delete).
   */
  public synchronized void deleteChannel(String channelId) {
    Channel channel = channels.remove(channelId);
    if (channel == null) {
      throw new IllegalArgumentException("no channel " + channelId);
    }
    dispatchLater("CHANNEL_DELETE", channel.toJson());
  }

  /** Puts a channel under a category, as a person dragging it in the client; sends CHANNEL_UPDATE. */
  public void moveToCategory(String channelId, String categoryId) {
    changeByHand(channelId, c -> c.parentId = categoryId);
  }

  private String addChannel(String guildId, String name, int type) {
    return addChannel(guildId, nextId(), name, type);
  }

  private synchronized String addChannel(String guildId, String channelId, String name, int type) {
    Guild guild = guild(guildId);
    if (channels.containsKey(channelId)) {
      throw new IllegalArgumentException("channel " + channelId + " exists");
    }
    Channel channel = new Channel(channelId, guildId, type, name, channels.size());
    channel.overwrites.put(guildId, new Ow(guildId, 0, 0, VIEW_CHANNEL));
    channel.overwrites.put(guild.botRoleId, new Ow(guild.botRoleId, 0, VIEW_CHANNEL | CONNECT | SEND_MESSAGES, 0));
    channels.put(channel.id, channel);
    dispatchLater("CHANNEL_CREATE", channel.toJson());
    return channel.id;
  }

  /** A person in the guild. Returns their user id. */
  public String addMember(String guildId, String username) {
    String userId = addUser(username);
    synchronized (this) {
      guild(guildId).members.add(userId);
    }
    return userId;
  }

  /** A person in the guild with a given user id (a snowflake from a StudyGroup). Returns the user id. */
  public synchronized String addMember(String guildId, String userId, String username) {
    usernames.put(userId, username);
    guild(guildId).members.add(userId);
    return userId;
  }

  /** The bot's role in a guild, e.g. to give it an overwrite. */
  public synchronized String botRoleId(String guildId) {
    return guild(guildId).botRoleId;
  }

  /** A Discord user who is in none of the fake's guilds. Returns their user id. */
  public synchronized String addUser(String username) {
    String userId = nextId();
    usernames.put(userId, username);
    return userId;
  }

  /** Sets a role overwrite on a channel (the operator must never touch these). */
  public void putRoleOverwrite(String channelId, String roleId, long allow, long deny) {
    changeByHand(channelId, c -> c.overwrites.put(roleId, new Ow(roleId, 0, allow, deny)));
  }

  public synchronized String everyoneRoleId(String guildId) {
    return guild(guildId).id;
  }

  // ---------------------------------------------------------------- acting as a human

  /** A person gives {@code userId} VIEW_CHANNEL on the channel in the Discord client; sends CHANNEL_UPDATE. */
  public void grantByHand(String channelId, String userId) {
    grantByHand(channelId, userId, VIEW_CHANNEL, 0);
  }

  public void grantByHand(String channelId, String userId, long allow, long deny) {
    changeByHand(channelId, c -> c.overwrites.put(userId, new Ow(userId, 1, allow, deny)));
  }

  /** A person removes {@code userId}'s member overwrite in the Discord client; sends CHANNEL_UPDATE. */
  public void revokeByHand(String channelId, String userId) {
    changeByHand(channelId, c -> c.overwrites.remove(userId));
  }

  private void changeByHand(String channelId, java.util.function.Consumer<Channel> change) {
    JsonObject update;
    synchronized (this) {
      Channel channel = channels.get(channelId);
      if (channel == null) {
        throw new IllegalArgumentException("no channel " + channelId);
      }
      change.accept(channel);
      update = channel.toJson();
      dispatchLater("CHANNEL_UPDATE", update);
    }
  }

  // ---------------------------------------------------------------- inspection

  /** Member overwrites of a channel as userId -> {allow, deny}. */
  public synchronized Map<String, long[]> memberOverwrites(String channelId) {
    Map<String, long[]> out = new LinkedHashMap<>();
    channels.get(channelId).overwrites.values().stream().filter(o -> o.type == 1)
        .forEach(o -> out.put(o.id, new long[] {o.allow, o.deny}));
    return out;
  }

  /** Every guild channel (categories included) as Discord returns it, in creation order; for the sandbox's world view. */
  public synchronized List<JsonObject> channels() {
    return channels.values().stream().map(Channel::toJson).toList();
  }

  /** Whether a guild channel with this id exists. */
  public synchronized boolean hasChannel(String channelId) {
    return channels.containsKey(channelId);
  }

  /** Every message posted, in guild channels and DMs, in order, as Discord returned them. */
  public synchronized List<JsonObject> allMessages() {
    return messages.stream().map(JsonObject::copy).toList();
  }

  /** The DM channel the bot opened with each user, as user id -> channel id. */
  public synchronized Map<String, String> directMessageChannels() {
    return Map.copyOf(dmChannelByUser);
  }

  /** The user ids in a guild (the owner and the bot included). */
  public synchronized Set<String> guildMembers(String guildId) {
    return Set.copyOf(guild(guildId).members);
  }

  /** The guild ids the fake holds. */
  public synchronized Set<String> guildIds() {
    return Set.copyOf(guilds.keySet());
  }

  /** A user's name, or null for an unknown user. */
  public synchronized String username(String userId) {
    return usernames.get(userId);
  }

  /** Role overwrites of a channel as roleId -> {allow, deny}. */
  public synchronized Map<String, long[]> roleOverwrites(String channelId) {
    Map<String, long[]> out = new LinkedHashMap<>();
    channels.get(channelId).overwrites.values().stream().filter(o -> o.type == 0)
        .forEach(o -> out.put(o.id, new long[] {o.allow, o.deny}));
    return out;
  }

  /** Messages posted, in order, as Discord returned them. */
  public synchronized List<JsonObject> messages(String channelId) {
    return messages.stream().filter(m -> m.getString("channel_id").equals(channelId)).map(JsonObject::copy).toList();
  }

  /** The {@code allowed_mentions} a message was posted with, or null when it had none. */
  public synchronized JsonObject allowedMentions(String messageId) {
    JsonObject a = sentAllowedMentions.get(messageId);
    return a == null ? null : a.copy();
  }

  /** Direct messages the bot sent to a user, in order, as Discord returned them. */
  public synchronized List<JsonObject> directMessages(String userId) {
    String channelId = dmChannelByUser.get(userId);
    return channelId == null ? List.of() : messages(channelId);
  }

  /**
   * The user allows no DMs from the bot (privacy settings, or no shared server): opening the DM channel works,
   * sending in it answers 403 50007, as Discord does.
   */
  public synchronized void closeDirectMessages(String userId) {
    dmsClosed.add(userId);
  }

  /**
   * Where Discord staff say a member overwrite takes any user id (discord-api-docs#2856), the default here is
   * 204 for a user who is not in the guild. Red-DiscordBot#3627 saw {@code 404 10009 Unknown Overwrite} for a
   * user who had just left; this switches to that answer, so both can be tested.
   */
  public void answerUnknownOverwriteForNonMembers(boolean on) {
    unknownOverwriteForNonMembers = on;
  }

  /** How long an enforced nonce returns the first message (default 3 minutes, inside "a few minutes"). */
  public void setNonceWindow(Duration window) {
    nonceWindow = window;
  }

  /**
   * After {@code n} DM channels opened within {@code window}, answer {@code 403 40003} "You are opening direct
   * messages too fast" (opcodes-and-status-codes.mdx; a 403, davidhozic/discord-advertisement-framework#82).
   */
  public synchronized void limitDirectMessageOpens(int n, Duration window) {
    dmOpenLimit = n;
    dmOpenWindow = window;
    dmOpens.clear();
  }

  /** A person joins the guild: GUILD_MEMBER_ADD goes only to sessions that identified with GUILD_MEMBERS. */
  public void join(String guildId, String userId) {
    JsonObject add;
    synchronized (this) {
      Guild guild = guild(guildId);
      usernames.putIfAbsent(userId, "user" + userId.substring(userId.length() - 4));
      guild.members.add(userId);
      add = member(userId, guild).put("guild_id", guildId);
    }
    // gateway.mdx, "List of Intents": GUILD_MEMBER_ADD is sent only with GUILD_MEMBERS (1 << 1)
    gatewayEvents.execute(() -> sessions.stream().filter(s -> (s.intents & GUILD_MEMBERS_INTENT) != 0)
        .forEach(s -> s.dispatch("GUILD_MEMBER_ADD", add)));
  }

  /**
   * An outage takes the guild away: GUILD_DELETE {@code {id, unavailable: true}} (gateway-events.mdx, Guild
   * Delete), and REST on it fails. Discord does not document that REST answer; discord-api-docs#8518 reports
   * requests that "intermittently fail or time out" during outages, so this answers 503, and production must
   * not depend on it (it checks the guild's availability in the cache first).
   */
  public void makeGuildUnavailable(String guildId) {
    synchronized (this) {
      guild(guildId).unavailable = true;
      dispatchLater("GUILD_DELETE", new JsonObject().put("id", guildId).put("unavailable", true));
    }
  }

  /** The outage is over: GUILD_CREATE with the whole guild again. */
  public void makeGuildAvailable(String guildId) {
    JsonObject create;
    synchronized (this) {
      Guild guild = guild(guildId);
      guild.unavailable = false;
      create = guildCreate(guild);
      dispatchLater("GUILD_CREATE", create);
    }
  }

  /** The bot's token is reset in the Developer Portal: the old one is refused from now on (401, 4004). */
  public void resetToken(String newToken) {
    token = newToken;
  }

  /** Closes every gateway session with this close code, e.g. a fatal one (4010-4014) after which JDA shuts down. */
  public void closeGatewaySessions(int code) {
    sessions.forEach(s -> s.ws.close((short) code, "closed by the test"));
  }

  /** Requests received on a route template, e.g. {@code PUT /channels/{id}/permissions/{target}}. */
  public int count(String route) {
    return (int) requests.stream().filter(r -> r.route().equals(route)).count();
  }

  /** Every REST request received since the last {@link #resetCounters()}. */
  public int restCount() {
    return requests.size();
  }

  /** REST requests that were not GETs. */
  public int writeCount() {
    return (int) requests.stream().filter(RecordedRequest::isWrite).count();
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
    return requests.stream().filter(filter).toList();
  }

  public void resetCounters() {
    requests.clear();
  }

  /** Times a gateway session identified (logins and re-logins). */
  public int identifyCount() {
    return identifies.get();
  }

  public void addFault(FaultRule rule) {
    faults.add(rule);
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Closes every gateway session, as a Discord outage or a deploy would; JDA reconnects. */
  public void dropGatewaySessions() {
    sessions.forEach(s -> s.ws.close((short) 4000, "Unknown error"));
  }

  // ---------------------------------------------------------------- REST

  private void rest(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      try {
        answer(req, body);
      } catch (RuntimeException e) {
        req.response().setStatusCode(500).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", "500: Internal Server Error").put("code", 0).encode());
      }
    });
  }

  private void answer(HttpServerRequest req, Buffer body) {
    String method = req.method().name();
    String fullPath = req.path();
    String path = fullPath.startsWith(API) ? fullPath.substring(API.length()) : fullPath;
    String route = method + " " + routeOf(path);
    Reply reply;
    Duration delay = Duration.ZERO;
    DiscordRateLimits.Decision limited;

    String auth = req.getHeader("Authorization");
    if (!fullPath.startsWith(API)) {
      reply = Reply.json(404, new JsonObject().put("message", "404: Not Found").put("code", 0));
    } else if (auth == null || !(auth.equals("Bot " + token) || auth.equals(token))) {
      reply = Reply.json(401, new JsonObject().put("message", "401: Unauthorized").put("code", 0));
    } else if ((limited = refusedByRateLimit(method, path)) != null) {
      reply = rateLimitReply(limited);
    } else {
      FaultRule fault = faults.stream().filter(f -> f.matches(method, path)).filter(FaultRule::take).findFirst().orElse(null);
      if (fault != null && fault.status() != 0) {
        reply = faultReply(fault);
        delay = fault.delay();
      } else {
        if (fault != null) {
          delay = fault.delay();
        }
        reply = route(method, path, body.length() == 0 ? new JsonObject() : body.toJsonObject());
      }
    }

    Map<String, String> limitHeaders = pendingLimitHeaders.get();
    if (limitHeaders != null) {
      pendingLimitHeaders.remove();
      limitHeaders.forEach(reply.headers::putIfAbsent);
    }
    requests.add(new RecordedRequest(Instant.now(), System.nanoTime(), method, path, route, reply.status,
        body.toString()));
    if (delay.isZero()) {
      reply.send(req);
    } else {
      Reply r = reply;
      vertx.setTimer(Math.max(1, delay.toMillis()), t -> r.send(req));
    }
  }

  /**
   * Enforces Discord's global limit and per-route buckets on every REST call from now on (see
   * {@link DiscordRateLimits}); null turns it off. Answers then carry the bucket headers, as Discord's do.
   */
  public void enforceRateLimits(DiscordRateLimits limits) {
    this.rateLimits = limits;
  }

  /** Calls refused with 429 by the enforced rate limits, and of those by the global limit. */
  public int rateLimited() {
    DiscordRateLimits limits = rateLimits;
    return limits == null ? 0 : limits.refused();
  }

  public int rateLimitedGlobally() {
    DiscordRateLimits limits = rateLimits;
    return limits == null ? 0 : limits.refusedGlobally();
  }

  /** The refusal when the enforced limits refuse this call; otherwise null, and the call's headers wait. */
  private DiscordRateLimits.Decision refusedByRateLimit(String method, String path) {
    DiscordRateLimits limits = rateLimits;
    if (limits == null) {
      return null;
    }
    DiscordRateLimits.Decision decision;
    synchronized (limits) {
      decision = limits.admit(method, path);
    }
    if (decision.allowed()) {
      pendingLimitHeaders.set(decision.headers());
      return null;
    }
    return decision;
  }

  private Reply rateLimitReply(DiscordRateLimits.Decision limited) {
    Reply reply = Reply.json(429, new JsonObject().put("message", "You are being rate limited.")
        .put("retry_after", limited.retryAfterSeconds()).put("global", limited.global()));
    reply.headers.putAll(limited.headers());
    reply.headers.put("Via", "1.1 google");
    return reply;
  }

  private Reply faultReply(FaultRule fault) {
    Reply reply = Reply.json(fault.status(), fault.body());
    if (fault.status() == 429) {
      int seconds = fault.retryAfterSeconds();
      reply.headers.put("Retry-After", Integer.toString(seconds));
      reply.headers.put("X-RateLimit-Limit", "5");
      reply.headers.put("X-RateLimit-Remaining", "0");
      reply.headers.put("X-RateLimit-Reset", String.format("%.3f", clock.millis() / 1000.0 + seconds));
      reply.headers.put("X-RateLimit-Reset-After", String.format("%.3f", (double) seconds));
      reply.headers.put("X-RateLimit-Bucket", "d7b2c6f1e0a94b3c8e5f7a6b9c0d1e2f");
      reply.headers.put("X-RateLimit-Scope", fault.global() ? "global" : "user");
      reply.headers.put("Via", "1.1 google");
      if (fault.global()) {
        reply.headers.put("X-RateLimit-Global", "true");
      }
    }
    return reply;
  }

  /** The route template of a path: snowflakes replaced by the placeholders Discord's docs use. */
  static String routeOf(String path) {
    return path
        .replaceAll("^/channels/\\d+", "/channels/{id}")
        .replaceAll("/permissions/\\d+$", "/permissions/{target}")
        .replaceAll("^/guilds/\\d+", "/guilds/{id}")
        .replaceAll("/members/\\d+$", "/members/{user}")
        .replaceAll("/messages/\\d+$", "/messages/{message}");
  }

  private synchronized Reply route(String method, String path, JsonObject body) {
    String[] seg = path.substring(1).split("/");
    if (inUnavailableGuild(seg)) {
      return Reply.json(503, new JsonObject().put("message", "503: Service Unavailable").put("code", 0));
    }
    switch (method + " " + routeOf(path)) {
      case "GET /users/@me":
        return Reply.json(200, user(botUserId).put("bot", true).put("verified", true).put("mfa_enabled", false));
      case "GET /gateway":
        return Reply.json(200, new JsonObject().put("url", gatewayUrl()));
      case "GET /gateway/bot":
        return Reply.json(200, new JsonObject().put("url", gatewayUrl()).put("shards", 1)
            .put("session_start_limit", new JsonObject().put("total", 1000).put("remaining", 999)
                .put("reset_after", 14_400_000).put("max_concurrency", 1)));
      case "GET /channels/{id}": {
        Channel channel = channels.get(seg[1]);
        return channel == null ? unknownChannel() : Reply.json(200, channel.toJson());
      }
      case "PATCH /channels/{id}":
        return patchChannel(seg[1], body);
      case "PUT /channels/{id}/permissions/{target}":
        return putOverwrite(seg[1], seg[3], body);
      case "DELETE /channels/{id}/permissions/{target}":
        return deleteOverwrite(seg[1], seg[3]);
      case "POST /channels/{id}/messages":
        return postMessage(seg[1], body);
      case "POST /users/@me/channels":
        return openDm(body.getString("recipient_id"));
      case "GET /guilds/{id}/members/{user}": {
        Guild guild = guilds.get(seg[1]);
        if (guild == null) {
          return error(404, 10004, "Unknown Guild");
        }
        return guild.members.contains(seg[3]) ? Reply.json(200, member(seg[3], guild)) : error(404, 10007, "Unknown Member");
      }
      default:
        return Reply.json(404, new JsonObject().put("message", "404: Not Found").put("code", 0));
    }
  }

  private Reply putOverwrite(String channelId, String targetId, JsonObject body) {
    Channel channel = channels.get(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    Guild guild = guilds.get(channel.guildId);
    Reply refused = refuseManaging(guild, channel, bits(body.getValue("allow")) | bits(body.getValue("deny")));
    if (refused != null) {
      return refused;
    }
    int type = body.getInteger("type", 1);
    if (type == 1 && !guild.members.contains(targetId) && unknownOverwriteForNonMembers) {
      return error(404, 10009, "Unknown Overwrite");
    }
    if (type == 0 && !guild.id.equals(targetId) && !guild.botRoleId.equals(targetId)) {
      return error(404, 10011, "Unknown Role");
    }
    channel.overwrites.put(targetId, new Ow(targetId, type, bits(body.getValue("allow")), bits(body.getValue("deny"))));
    dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.noContent();
  }

  private Reply deleteOverwrite(String channelId, String targetId) {
    Channel channel = channels.get(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    Reply refused = refuseManaging(guilds.get(channel.guildId), channel, 0);
    if (refused != null) {
      return refused;
    }
    if (channel.overwrites.remove(targetId) == null) {
      return error(404, 10009, "Unknown Overwrite");
    }
    dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.noContent();
  }

  private Reply patchChannel(String channelId, JsonObject body) {
    Channel channel = channels.get(channelId);
    if (channel == null) {
      return unknownChannel();
    }
    if (body.containsKey("permission_overwrites")) {
      Reply refused = refuseManaging(guilds.get(channel.guildId), channel, 0);
      if (refused != null) {
        return refused;
      }
      channel.overwrites.clear();
      for (Object o : body.getJsonArray("permission_overwrites")) {
        JsonObject ow = (JsonObject) o;
        String id = ow.getString("id");
        channel.overwrites.put(id, new Ow(id, ow.getInteger("type"), bits(ow.getValue("allow")), bits(ow.getValue("deny"))));
      }
    }
    if (body.containsKey("name")) {
      channel.name = body.getString("name");
    }
    dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.json(200, channel.toJson());
  }

  private Reply postMessage(String channelId, JsonObject body) {
    Channel channel = channels.get(channelId);
    boolean dm = dmChannelByUser.containsValue(channelId);
    if (channel == null && !dm) {
      return unknownChannel();
    }
    if (channel != null) {
      Guild guild = guilds.get(channel.guildId);
      if (guild.unavailable) {
        return Reply.json(503, new JsonObject().put("message", "503: Service Unavailable").put("code", 0));
      }
      long perms = channelPermissions(guild, channel);
      if ((perms & VIEW_CHANNEL) == 0) {
        return error(403, 50001, "Missing Access");
      }
      if ((perms & SEND_MESSAGES) == 0) {
        return error(403, 50013, "Missing Permissions");
      }
    }
    String recipient = dm ? dmChannelByUser.entrySet().stream().filter(e -> e.getValue().equals(channelId))
        .map(Map.Entry::getKey).findFirst().orElseThrow() : null;
    // Discord refuses a DM to a user who closed DMs or who shares no server with the bot (50007)
    if (dm && (dmsClosed.contains(recipient) || guilds.values().stream().noneMatch(g -> g.members.contains(recipient)))) {
      return error(403, 50007, "Cannot send messages to this user");
    }
    String nonce = body.getValue("nonce") == null ? null : body.getValue("nonce").toString();
    // "deduped for the same sender" (change-log.mdx): the author, not the channel, scopes a nonce
    String key = botUserId + "/" + nonce;
    Instant now = clock.instant();
    if (nonce != null && body.getBoolean("enforce_nonce", false)) {
      SentMessage earlier = messagesByNonce.get(key);
      if (earlier != null && earlier.at.plus(nonceWindow).isAfter(now)) {
        return Reply.json(200, earlier.message.copy());
      }
    }
    String content = body.getString("content", "");
    Mentions mentions = mentions(content, body.getJsonObject("allowed_mentions"),
        channel == null ? 0 : channelPermissions(guilds.get(channel.guildId), channel));
    JsonObject message = new JsonObject()
        .put("id", nextId())
        .put("channel_id", channelId)
        .put("author", user(botUserId).put("bot", true))
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
      sentAllowedMentions.put(message.getString("id"), body.getJsonObject("allowed_mentions").copy());
    }
    if (nonce != null) {
      message.put("nonce", nonce);
      messagesByNonce.put(key, new SentMessage(message.copy(), now));
    }
    messages.add(message.copy());
    return Reply.json(200, message);
  }

  private Reply openDm(String userId) {
    if (userId == null || !usernames.containsKey(userId)) {
      return error(400, 50035, "Invalid Form Body");
    }
    Instant now = clock.instant();
    dmOpens.removeIf(at -> !at.plus(dmOpenWindow).isAfter(now));
    if (dmOpens.size() >= dmOpenLimit) {
      return error(403, 40003, "You are opening direct messages too fast");
    }
    dmOpens.add(now);
    String channelId = dmChannelByUser.computeIfAbsent(userId, u -> nextId());
    return Reply.json(200, new JsonObject().put("id", channelId).put("type", 1).putNull("last_message_id")
        .put("flags", 0).put("recipients", new JsonArray().add(user(userId))));
  }

  /**
   * Edit Channel Permissions (channel.mdx): the bot needs MANAGE_ROLES in the channel and must see it (50001),
   * and "only permissions your bot has in the guild or parent channel can be allowed/denied (unless your bot
   * has a MANAGE_ROLES overwrite in the channel)"; otherwise 403 50013.
   */
  private Reply refuseManaging(Guild guild, Channel channel, long bits) {
    long inChannel = channelPermissions(guild, channel);
    if ((inChannel & VIEW_CHANNEL) == 0) {
      return error(403, 50001, "Missing Access");
    }
    if ((inChannel & MANAGE_ROLES) == 0) {
      return error(403, 50013, "Missing Permissions");
    }
    boolean manageRolesOverwrite = channel.overwrites.values().stream()
        .anyMatch(o -> (o.id.equals(botUserId) || o.id.equals(guild.botRoleId)) && (o.allow & MANAGE_ROLES) != 0);
    if (!manageRolesOverwrite && (bits & ~guildPermissions(guild)) != 0) {
      return error(403, 50013, "Missing Permissions");
    }
    return null;
  }

  private static final long ALL = -1L;

  /** The bot's guild-level permissions: @everyone's and its role's; Administrator means all. */
  private static long guildPermissions(Guild guild) {
    long base = EVERYONE_PERMISSIONS | guild.botRolePermissions;
    return (base & ADMINISTRATOR) != 0 ? ALL : base;
  }

  /** The bot's permissions in a channel, with overwrites applied in Discord's order (permissions.mdx). */
  private long channelPermissions(Guild guild, Channel channel) {
    long perms = guildPermissions(guild);
    if (perms == ALL) {
      return ALL;
    }
    Ow everyone = channel.overwrites.get(guild.id);
    if (everyone != null) {
      perms = (perms & ~everyone.deny) | everyone.allow;
    }
    Ow role = channel.overwrites.get(guild.botRoleId);
    if (role != null) {
      perms = (perms & ~role.deny) | role.allow;
    }
    Ow self = channel.overwrites.get(botUserId);
    if (self != null) {
      perms = (perms & ~self.deny) | self.allow;
    }
    return perms;
  }

  private boolean inUnavailableGuild(String[] seg) {
    if (seg.length >= 2 && seg[0].equals("channels")) {
      Channel channel = channels.get(seg[1]);
      return channel != null && guilds.get(channel.guildId).unavailable;
    }
    if (seg.length >= 2 && seg[0].equals("guilds")) {
      Guild guild = guilds.get(seg[1]);
      return guild != null && guild.unavailable;
    }
    return false;
  }

  /**
   * What Discord would mention (message.mdx, "Allowed Mentions"): the mentions found in the content, limited by
   * {@code allowed_mentions}; without it the default parse is users, roles and everyone. {@code @everyone} also
   * needs MENTION_EVERYONE. A backslash before a mention makes it text.
   */
  private Mentions mentions(String content, JsonObject allowed, long permissions) {
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
    java.util.regex.Matcher m = USER_MENTION.matcher(content);
    while (m.find()) {
      String id = m.group(1);
      if ((parse.contains("users") || allowedUsers.contains(id)) && seenUsers.add(id)) {
        users.add(user(id));
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
    boolean everyone = parse.contains("everyone") && (permissions & MENTION_EVERYONE) != 0
        && EVERYONE_MENTION.matcher(content).find();
    return new Mentions(users, roles, everyone);
  }

  private record Mentions(JsonArray users, JsonArray roles, boolean everyone) {}

  private static Reply unknownChannel() {
    return error(404, 10003, "Unknown Channel");
  }

  private static Reply error(int status, int code, String message) {
    return Reply.json(status, new JsonObject().put("message", message).put("code", code));
  }

  private static long bits(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number n ? n.longValue() : Long.parseUnsignedLong(value.toString());
  }

  // ---------------------------------------------------------------- gateway

  private void gateway(ServerWebSocket ws) {
    Session session = new Session(ws);
    ws.textMessageHandler(text -> onGatewayMessage(session, new JsonObject(text)));
    ws.closeHandler(v -> sessions.remove(session));
    ws.exceptionHandler(e -> sessions.remove(session));
    session.send(new JsonObject().put("op", 10).putNull("s").putNull("t")
        .put("d", new JsonObject().put("heartbeat_interval", 41_250)));
  }

  private void onGatewayMessage(Session session, JsonObject payload) {
    int op = payload.getInteger("op", -1);
    switch (op) {
      case 1 -> session.send(new JsonObject().put("op", 11).putNull("d").putNull("s").putNull("t"));
      case 2 -> identify(session, payload.getJsonObject("d"));
      // a resume is refused: the client identifies again and gets a fresh GUILD_CREATE
      case 6 -> session.send(new JsonObject().put("op", 9).put("d", false).putNull("s").putNull("t"));
      default -> { }
    }
  }

  private void identify(Session session, JsonObject d) {
    String presented = d == null ? null : d.getString("token");
    if (presented == null || !(presented.equals(token) || presented.equals("Bot " + token))) {
      session.ws.close((short) 4004, "Authentication failed.");
      return;
    }
    identifies.incrementAndGet();
    session.intents = d.getInteger("intents", 0);
    List<JsonObject> guildCreates = new ArrayList<>();
    JsonArray unavailable = new JsonArray();
    synchronized (this) {
      for (Guild guild : guilds.values()) {
        unavailable.add(new JsonObject().put("id", guild.id).put("unavailable", true));
        if (!guild.unavailable) { // a guild in an outage stays unavailable after READY
          guildCreates.add(guildCreate(guild));
        }
      }
    }
    JsonObject ready = new JsonObject()
        .put("v", 10)
        .put("user", user(botUserId).put("bot", true).put("verified", true).put("mfa_enabled", false))
        .put("session_id", "fake-session-" + nextId())
        .put("resume_gateway_url", gatewayUrl())
        .put("guilds", unavailable)
        .put("private_channels", new JsonArray())
        .put("relationships", new JsonArray())
        .put("presences", new JsonArray())
        .put("shard", new JsonArray().add(0).add(1))
        .put("application", new JsonObject().put("id", applicationId).put("flags", 0));
    session.dispatch("READY", ready);
    guildCreates.forEach(g -> session.dispatch("GUILD_CREATE", g));
    sessions.add(session);
  }

  private JsonObject guildCreate(Guild guild) {
    JsonArray roles = new JsonArray()
        .add(role(guild.id, "@everyone", 0, EVERYONE_PERMISSIONS, false))
        .add(role(guild.botRoleId, "StudyBot", 1, guild.botRolePermissions, true)
            .put("tags", new JsonObject().put("bot_id", botUserId)));
    JsonArray guildChannels = new JsonArray();
    channels.values().stream().filter(c -> c.guildId.equals(guild.id)).forEach(c -> guildChannels.add(c.toJson()));
    JsonArray members = new JsonArray();
    guild.members.forEach(m -> members.add(member(m, guild)));
    return new JsonObject()
        .put("id", guild.id)
        .put("name", guild.name)
        .putNull("icon")
        .putNull("splash")
        .putNull("banner")
        .putNull("description")
        .put("owner_id", guild.ownerId) // not the bot: an owner bypasses every permission check
        .put("member_count", guild.members.size())
        .put("afk_timeout", 300)
        .putNull("afk_channel_id")
        .putNull("system_channel_id")
        .put("system_channel_flags", 0)
        .put("verification_level", 0)
        .put("default_message_notifications", 0)
        .put("explicit_content_filter", 0)
        .put("mfa_level", 0)
        .put("nsfw_level", 0)
        .put("premium_tier", 0)
        .put("premium_subscription_count", 0)
        .put("preferred_locale", "en-US")
        .put("max_members", 500_000)
        .put("features", new JsonArray())
        .put("large", false)
        .put("unavailable", false)
        .put("joined_at", "2026-01-01T00:00:00.000000+00:00")
        .put("roles", roles)
        .put("channels", guildChannels)
        .put("members", members)
        .put("emojis", new JsonArray())
        .put("stickers", new JsonArray())
        .put("threads", new JsonArray())
        .put("voice_states", new JsonArray())
        .put("presences", new JsonArray())
        .put("stage_instances", new JsonArray())
        .put("guild_scheduled_events", new JsonArray())
        .put("soundboard_sounds", new JsonArray());
  }

  private static JsonObject role(String id, String name, int position, long permissions, boolean managed) {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("position", position)
        .put("permissions", Long.toUnsignedString(permissions))
        .put("color", 0)
        .put("colors", new JsonObject().put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color"))
        .put("hoist", false)
        .put("managed", managed)
        .put("mentionable", false)
        .put("flags", 0)
        .putNull("icon")
        .putNull("unicode_emoji");
  }

  private JsonObject member(String userId, Guild guild) {
    JsonArray roles = new JsonArray();
    if (userId.equals(botUserId)) {
      roles.add(guild.botRoleId);
    }
    return new JsonObject()
        .put("user", user(userId))
        .put("roles", roles)
        .putNull("nick")
        .putNull("avatar")
        .put("joined_at", "2026-01-01T00:00:00.000000+00:00")
        .putNull("premium_since")
        .put("deaf", false)
        .put("mute", false)
        .put("pending", false)
        .put("flags", 0);
  }

  private JsonObject user(String userId) {
    return new JsonObject()
        .put("id", userId)
        .put("username", usernames.getOrDefault(userId, "user" + userId.substring(userId.length() - 4)))
        .put("discriminator", "0")
        .putNull("global_name")
        .putNull("avatar")
        .put("public_flags", 0);
  }

  /**
   * Dispatches after the REST reply is on its way, as Discord does: the event trails the 204. Every event goes
   * through one queue, enqueued while the change is made (under this object's lock), so sessions receive events in
   * the order the changes happened, as Discord's sequence numbers guarantee (gateway.mdx, "Sequence Numbers"):
   * a change by hand can never overtake the event of an earlier REST write.
   */
  private void dispatchLater(String type, JsonObject data) {
    gatewayEvents.execute(() -> dispatchToAll(type, data));
  }

  private void dispatchToAll(String type, JsonObject data) {
    sessions.forEach(s -> s.dispatch(type, data));
  }

  private Guild guild(String guildId) {
    Guild guild = guilds.get(guildId);
    if (guild == null) {
      throw new IllegalArgumentException("no guild " + guildId);
    }
    return guild;
  }

  private String nextId() {
    return Long.toString(snowflakes.incrementAndGet());
  }

  // ---------------------------------------------------------------- state

  private static final class Guild {
    final String id;
    final String name;
    final String botRoleId;
    final long botRolePermissions;
    final String ownerId;
    final Set<String> members = new LinkedHashSet<>();
    boolean unavailable;

    Guild(String id, String name, String botRoleId, long botRolePermissions, String ownerId) {
      this.id = id;
      this.ownerId = ownerId;
      this.name = name;
      this.botRoleId = botRoleId;
      this.botRolePermissions = botRolePermissions;
    }
  }

  private static final class Channel {
    final String id;
    final String guildId;
    final int type;
    String name;
    String parentId;
    final int position;
    final Map<String, Ow> overwrites = new LinkedHashMap<>();

    Channel(String id, String guildId, int type, String name, int position) {
      this.id = id;
      this.guildId = guildId;
      this.type = type;
      this.name = name;
      this.position = position;
    }

    JsonObject toJson() {
      JsonArray ows = new JsonArray();
      overwrites.values().forEach(o -> ows.add(new JsonObject().put("id", o.id).put("type", o.type)
          .put("allow", Long.toUnsignedString(o.allow)).put("deny", Long.toUnsignedString(o.deny))));
      JsonObject json = new JsonObject()
          .put("id", id)
          .put("type", type)
          .put("guild_id", guildId)
          .put("name", name)
          .put("position", position)
          .put("parent_id", parentId)
          .put("nsfw", false)
          .put("flags", 0)
          .put("permission_overwrites", ows);
      if (type == 2) {
        json.put("bitrate", 64_000).put("user_limit", 0).putNull("rtc_region").put("rate_limit_per_user", 0);
      } else {
        json.putNull("topic").putNull("last_message_id").put("rate_limit_per_user", 0);
      }
      return json;
    }
  }

  private record Ow(String id, int type, long allow, long deny) {}

  private record SentMessage(JsonObject message, Instant at) {}

  private static final class Session {
    final ServerWebSocket ws;
    final AtomicInteger seq = new AtomicInteger();
    volatile int intents;

    Session(ServerWebSocket ws) {
      this.ws = ws;
    }

    void send(JsonObject payload) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(payload.encode());
      }
    }

    synchronized void dispatch(String type, JsonObject data) {
      send(new JsonObject().put("op", 0).put("s", seq.incrementAndGet()).put("t", type).put("d", data));
    }
  }

  private static final class Reply {
    final int status;
    final String body;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(int status, String body) {
      this.status = status;
      this.body = body;
    }

    static Reply json(int status, JsonObject body) {
      return new Reply(status, body.encode());
    }

    static Reply noContent() {
      return new Reply(204, null);
    }

    void send(HttpServerRequest req) {
      var response = req.response().setStatusCode(status);
      headers.forEach(response::putHeader);
      if (body == null) {
        response.end();
      } else {
        response.putHeader("content-type", "application/json").end(body);
      }
    }
  }
}
