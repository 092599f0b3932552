package dev.study.operator.testing.discord;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A fake Discord on 127.0.0.1 that speaks enough of the REST API ({@code /api/v10}) and the gateway websocket
 * for JDA: login, READY and GUILD_CREATE, heartbeats, resumes that replay what a session missed, member and role
 * overwrites with CHANNEL_UPDATE dispatches, messages with enforced nonces, and DM channels. It counts requests by
 * route, records when each arrived, and injects faults by rule. Tests can act "by hand" as a person editing a
 * channel in the Discord client.
 *
 * <p>This class is the entry point; the protocol lives behind it: {@link RestRoutes} and {@link MessageRoutes}
 * (REST), {@link GatewayEndpoint} and {@link GatewaySessions} (gateway), {@link DiscordModel} (state),
 * {@link BotPermissions} (Discord's checks) and {@link RestLedger} (faults and counters).
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
  static final long EVERYONE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | CONNECT | SPEAK;

  private final Vertx vertx;
  private final GatewaySessions sessions = new GatewaySessions();
  private final DiscordModel model;
  private final MessageRoutes messages;
  private final RestLedger ledger = new RestLedger();
  private final GatewayEndpoint gateway;
  private final int port;

  private FakeDiscord(String token) throws Exception {
    this.model = new DiscordModel(token, sessions);
    BotPermissions permissions = new BotPermissions(model);
    this.messages = new MessageRoutes(model, permissions);
    this.vertx = Vertx.vertx();
    this.gateway = new GatewayEndpoint(model, sessions, this::gatewayUrl);
    RestRoutes rest = new RestRoutes(vertx, model, permissions, messages, ledger, sessions, this::gatewayUrl);
    HttpServer server = vertx.createHttpServer()
        .webSocketHandler(gateway::accept)
        .requestHandler(rest::handle);
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
    return "http://127.0.0.1:" + port + RestRoutes.API + "/";
  }

  public String gatewayUrl() {
    return "ws://127.0.0.1:" + port;
  }

  public String botUserId() {
    return model.botUserId;
  }

  /**
   * Enforces Discord's global limit and per-route buckets on every REST call from now on (see
   * {@link DiscordRateLimits}); null turns it off. Answers then carry the bucket headers, as Discord's do.
   */
  public void enforceRateLimits(DiscordRateLimits limits) {
    ledger.enforce(limits);
  }

  /** Calls refused with 429 by the enforced rate limits, and of those by the global limit. */
  public int rateLimited() {
    return ledger.rateLimited();
  }

  public int rateLimitedGlobally() {
    return ledger.rateLimitedGlobally();
  }

  public void setClock(Clock clock) {
    model.clock = clock;
  }

  @Override
  public void close() {
    sessions.close();
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
  public String addGuild(String name, long botRolePermissions) {
    return model.addGuild(model.nextId(), name, botRolePermissions);
  }

  /** A guild with a given id (the sandbox matches the ids in examples/). Returns its id. */
  public String addGuild(String guildId, String name, long botRolePermissions) {
    return model.addGuild(guildId, name, botRolePermissions);
  }

  /**
   * A private text channel: @everyone is denied VIEW_CHANNEL and the bot's role is allowed to see it, as a
   * server admin would set it up. Returns its id.
   */
  public String addTextChannel(String guildId, String name) {
    return model.addChannel(guildId, model.nextId(), name, 0);
  }

  /** A private voice channel, set up like {@link #addTextChannel}. Returns its id. */
  public String addVoiceChannel(String guildId, String name) {
    return model.addChannel(guildId, model.nextId(), name, 2);
  }

  /** A private text channel with a given id. Returns its id. */
  public String addTextChannel(String guildId, String channelId, String name) {
    return model.addChannel(guildId, channelId, name, 0);
  }

  /** A private voice channel with a given id. Returns its id. */
  public String addVoiceChannel(String guildId, String channelId, String name) {
    return model.addChannel(guildId, channelId, name, 2);
  }

  /** A category (type 4) that channels can be put under with {@link #moveToCategory}. Returns its id. */
  public String addCategory(String guildId, String name) {
    return model.addChannel(guildId, model.nextId(), name, 4);
  }

  /**
   * A person deletes the channel in the Discord client: it is gone with its overwrites and messages, REST calls on
   * it answer 404 Unknown Channel (10003), and every session gets CHANNEL_DELETE whose payload is the channel
   * object, as Discord sends it (https://discord.com/developers/docs/topics/gateway-events#channel-delete).
   */
  public void deleteChannel(String channelId) {
    model.deleteChannel(channelId);
  }

  /** Puts a channel under a category, as a person dragging it in the client; sends CHANNEL_UPDATE. */
  public void moveToCategory(String channelId, String categoryId) {
    model.changeByHand(channelId, c -> c.parentId = categoryId);
  }

  /** A person in the guild. Returns their user id. */
  public String addMember(String guildId, String username) {
    return model.addMember(guildId, model.addUser(username), null);
  }

  /** A person in the guild with a given user id (a snowflake from a StudyGroup). Returns the user id. */
  public String addMember(String guildId, String userId, String username) {
    return model.addMember(guildId, userId, username);
  }

  /** The bot's role in a guild, e.g. to give it an overwrite. */
  public String botRoleId(String guildId) {
    return model.botRoleId(guildId);
  }

  /** A Discord user who is in none of the fake's guilds. Returns their user id. */
  public String addUser(String username) {
    return model.addUser(username);
  }

  /** Sets a role overwrite on a channel (the operator must never touch these). */
  public void putRoleOverwrite(String channelId, String roleId, long allow, long deny) {
    model.changeByHand(channelId, c -> c.overwrites.put(roleId, new Channel.Overwrite(roleId, 0, allow, deny)));
  }

  public String everyoneRoleId(String guildId) {
    return model.everyoneRoleId(guildId);
  }

  // ---------------------------------------------------------------- acting as a human

  /** A person gives {@code userId} VIEW_CHANNEL on the channel in the Discord client; sends CHANNEL_UPDATE. */
  public void grantByHand(String channelId, String userId) {
    grantByHand(channelId, userId, VIEW_CHANNEL, 0);
  }

  public void grantByHand(String channelId, String userId, long allow, long deny) {
    model.changeByHand(channelId, c -> c.overwrites.put(userId, new Channel.Overwrite(userId, 1, allow, deny)));
  }

  /** A person removes {@code userId}'s member overwrite in the Discord client; sends CHANNEL_UPDATE. */
  public void revokeByHand(String channelId, String userId) {
    model.changeByHand(channelId, c -> c.overwrites.remove(userId));
  }

  /** A person joins the guild: GUILD_MEMBER_ADD goes only to sessions that identified with GUILD_MEMBERS. */
  public void join(String guildId, String userId) {
    model.join(guildId, userId);
  }

  /**
   * An outage takes the guild away: GUILD_DELETE {@code {id, unavailable: true}} (gateway-events.mdx, Guild
   * Delete), and REST on it fails. Discord does not document that REST answer; discord-api-docs#8518 reports
   * requests that "intermittently fail or time out" during outages, so this answers 503, and production must
   * not depend on it (it checks the guild's availability in the cache first).
   */
  public void makeGuildUnavailable(String guildId) {
    model.setUnavailable(guildId, true);
  }

  /** The outage is over: GUILD_CREATE with the whole guild again. */
  public void makeGuildAvailable(String guildId) {
    model.setUnavailable(guildId, false);
  }

  /** The bot's token is reset in the Developer Portal: the old one is refused from now on (401, 4004). */
  public void resetToken(String newToken) {
    model.resetToken(newToken);
  }

  /**
   * The user allows no DMs from the bot (privacy settings, or no shared server): opening the DM channel works,
   * sending in it answers 403 50007, as Discord does.
   */
  public void closeDirectMessages(String userId) {
    model.closeDirectMessages(userId);
  }

  /**
   * Where Discord staff say a member overwrite takes any user id (discord-api-docs#2856), the default here is
   * 204 for a user who is not in the guild. Red-DiscordBot#3627 saw {@code 404 10009 Unknown Overwrite} for a
   * user who had just left; this switches to that answer, so both can be tested.
   */
  public void answerUnknownOverwriteForNonMembers(boolean on) {
    model.unknownOverwriteForNonMembers = on;
  }

  /** How long an enforced nonce returns the first message (default 3 minutes, inside "a few minutes"). */
  public void setNonceWindow(Duration window) {
    messages.setNonceWindow(window);
  }

  /**
   * After {@code n} DM channels opened within {@code window}, answer {@code 403 40003} "You are opening direct
   * messages too fast" (opcodes-and-status-codes.mdx; a 403, davidhozic/discord-advertisement-framework#82).
   */
  public void limitDirectMessageOpens(int n, Duration window) {
    messages.limitDirectMessageOpens(n, window);
  }

  // ---------------------------------------------------------------- the gateway's connections

  /**
   * Closes every gateway connection with 4000 "Unknown error", as a Discord deploy or a network blip would. The
   * sessions stay, keeping the dispatches meant for them, so JDA resumes (gateway.mdx, "Resuming") and receives
   * what it missed, without a new IDENTIFY.
   */
  public void dropGatewaySessions() {
    gateway.dropConnections();
  }

  /**
   * Closes every gateway session with this close code, e.g. a fatal one (4010-4014) after which JDA shuts down;
   * the sessions end with their connections, so nothing can be resumed.
   */
  public void closeGatewaySessions(int code) {
    gateway.closeSessions(code);
  }

  /**
   * Discord forgets every session, as it does some minutes after a disconnect (gateway.mdx, "Initiating a
   * Disconnect"): a RESUME then gets Invalid Session (op 9, {@code d: false}) and the client must IDENTIFY again
   * and get a fresh READY and GUILD_CREATE. A session still connected is closed with 4009 "Session timed out".
   */
  public void expireGatewaySessions() {
    gateway.expireSessions();
  }

  /**
   * While on, the gateway cannot be reached: every websocket handshake is refused with 503, so a client stays
   * disconnected and keeps trying. Dispatches for its session are kept meanwhile, for a resume.
   */
  public void refuseGatewayConnections(boolean refuse) {
    gateway.refuseConnections(refuse);
  }

  /** Websocket handshakes refused while {@link #refuseGatewayConnections} was on. */
  public int refusedConnectionCount() {
    return gateway.refusedConnectionCount();
  }

  /** Times a gateway session identified (logins and re-logins). */
  public int identifyCount() {
    return gateway.identifyCount();
  }

  /** Times a session was resumed: its missed dispatches replayed, then RESUMED. */
  public int resumeCount() {
    return gateway.resumeCount();
  }

  /** Times a RESUME was answered with Invalid Session (op 9, {@code d: false}). */
  public int invalidSessionCount() {
    return gateway.invalidSessionCount();
  }

  /** Dispatches of this type (e.g. {@code GUILD_CREATE}) sent over any connection, replays included. */
  public int dispatchCount(String type) {
    return sessions.sentCount(type);
  }

  /** Dispatches sent again by resumes, because the client had missed them. */
  public int replayedCount() {
    return sessions.replayedCount();
  }

  // ---------------------------------------------------------------- inspection

  /** Member overwrites of a channel as userId -> {allow, deny}. */
  public Map<String, long[]> memberOverwrites(String channelId) {
    return model.overwrites(channelId, 1);
  }

  /** Role overwrites of a channel as roleId -> {allow, deny}. */
  public Map<String, long[]> roleOverwrites(String channelId) {
    return model.overwrites(channelId, 0);
  }

  /** Every guild channel (categories included) as Discord returns it, in creation order; for the sandbox's world view. */
  public List<JsonObject> channels() {
    return model.channelsAsJson();
  }

  /** Whether a guild channel with this id exists. */
  public boolean hasChannel(String channelId) {
    return model.hasChannel(channelId);
  }

  /** Every message posted, in guild channels and DMs, in order, as Discord returned them. */
  public List<JsonObject> allMessages() {
    return model.allMessages();
  }

  /** Messages posted, in order, as Discord returned them. */
  public List<JsonObject> messages(String channelId) {
    return model.messages(channelId);
  }

  /** The {@code allowed_mentions} a message was posted with, or null when it had none. */
  public JsonObject allowedMentions(String messageId) {
    return model.allowedMentions(messageId);
  }

  /** Direct messages the bot sent to a user, in order, as Discord returned them. */
  public List<JsonObject> directMessages(String userId) {
    return model.directMessages(userId);
  }

  /** The DM channel the bot opened with each user, as user id -> channel id. */
  public Map<String, String> directMessageChannels() {
    return model.directMessageChannels();
  }

  /** The user ids in a guild (the owner and the bot included). */
  public Set<String> guildMembers(String guildId) {
    return model.guildMembers(guildId);
  }

  /** The guild ids the fake holds. */
  public Set<String> guildIds() {
    return model.guildIds();
  }

  /** A user's name, or null for an unknown user. */
  public String username(String userId) {
    return model.username(userId);
  }

  // ---------------------------------------------------------------- requests and faults

  /** Requests received on a route template, e.g. {@code PUT /channels/{id}/permissions/{target}}. */
  public int count(String route) {
    return ledger.count(route);
  }

  /** Every REST request received since the last {@link #resetCounters()}. */
  public int restCount() {
    return ledger.restCount();
  }

  /** REST requests that were not GETs. */
  public int writeCount() {
    return ledger.writeCount();
  }

  public List<RecordedRequest> requests() {
    return ledger.requests();
  }

  public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
    return ledger.requests(filter);
  }

  public void resetCounters() {
    ledger.reset();
  }

  public void addFault(FaultRule rule) {
    ledger.addFault(rule);
  }

  public void clearFaults() {
    ledger.clearFaults();
  }
}
