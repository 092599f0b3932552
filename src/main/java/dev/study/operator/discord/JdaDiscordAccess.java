package dev.study.operator.discord;

import dev.study.operator.reconcile.ChannelLocator;
import dev.study.operator.reconcile.SyncException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.PermissionOverride;
import net.dv8tion.jda.api.entities.channel.attribute.ICategorizableChannel;
import net.dv8tion.jda.api.entities.channel.attribute.IPermissionContainer;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.override.GenericPermissionOverrideEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.channel.update.ChannelUpdateParentEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import net.dv8tion.jda.internal.utils.IOUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiscordAccess} over JDA: one gateway session whose cache holds the channels and their member
 * overwrites (so observing costs no REST call), and one REST request per overwrite written.
 *
 * <p>A member overwrite is written with {@code PUT /channels/{id}/permissions/{user}} sent through JDA's
 * low-level route API, because JDA's own {@code upsertPermissionOverride} wants a {@link Member}, which without
 * a member cache costs a {@code GET} first. JDA's rate limiter still governs these requests (429 and buckets).
 *
 * <p>Every lookup goes through the named guild, and the cache is trusted only while the session is CONNECTED
 * and the guild is available: JDA empties its caches on a session it cannot resume, and a guild in an outage
 * (GUILD_DELETE with {@code unavailable: true}) is missing from them, so a miss then means "ask again later",
 * never "gone".
 */
public final class JdaDiscordAccess implements DiscordAccess, ChannelLocator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdaDiscordAccess.class);
  private static final int MEMBER_OVERWRITE = 1;
  /** Discord's "You are opening direct messages too fast" (opcodes-and-status-codes), answered with 403. */
  private static final int OPENING_DMS_TOO_FAST = 40003;
  /** opcodes-and-status-codes.mdx: 50007 "Cannot send messages to this user", a 403. */
  private static final int CANNOT_SEND_TO_USER = 50007;

  private final JDA jda;
  private final DiscordSettings settings;
  private final DiscordEvents events;

  private JdaDiscordAccess(JDA jda, DiscordSettings settings, DiscordEvents events) {
    this.jda = jda;
    this.settings = settings;
    this.events = events;
  }

  /** Logs in with listeners of its own; see {@link #connect(DiscordSettings, DiscordEvents, Consumer)}. */
  public static JdaDiscordAccess connect(DiscordSettings settings) throws DiscordFailure {
    return connect(settings, new DiscordEvents(), code -> {});
  }

  /**
   * Logs in and waits until the gateway session is ready, with the guilds in the cache.
   *
   * <p>Intents: JDA always sends GUILDS, which brings guilds, channels and their overwrites. GUILD_MEMBERS
   * (privileged, enabled in the Developer Portal) is asked for only for GUILD_MEMBER_ADD, so that a member who
   * joins late is granted and welcomed at once; no member list is cached or chunked ({@code createLight}).
   *
   * @param events the listeners to tell; shared by every session a {@link ReconnectingDiscordAccess} makes
   * @param onShutdown told the close code (null when shut down locally) once a ready session has ended for good
   */
  public static JdaDiscordAccess connect(DiscordSettings settings, DiscordEvents events, Consumer<CloseCode> onShutdown)
      throws DiscordFailure {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    JDA jda;
    try {
      jda = JDABuilder.createLight(settings.token(), EnumSet.of(GatewayIntent.GUILD_MEMBERS))
          .setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()))
          .setHttpClientBuilder(IOUtil.newHttpClientBuilder().addInterceptor(new DiscordHttpMetrics(settings.metrics())))
          .setSessionController(new FixedGatewaySessionController(settings.gatewayUrl()))
          .setCompression(Compression.NONE)
          .enableCache(CacheFlag.MEMBER_OVERRIDES)
          .setEnableShutdownHook(false)
          .addEventListeners(new EventForwarder(events), new ListenerAdapter() {
            @Override
            public void onReady(ReadyEvent event) {
              ready.complete(null);
            }

            @Override
            public void onShutdown(ShutdownEvent event) {
              if (!ready.completeExceptionally(new SessionClosed(event.getCloseCode()))) {
                onShutdown.accept(event.getCloseCode());
              }
            }
          })
          .build();
    } catch (InvalidTokenException e) {
      throw new DiscordFailure(DiscordFailure.Kind.UNAUTHORIZED, "Discord rejected the bot token", null);
    } catch (ErrorResponseException e) {
      throw translate(e, "logging in");
    }
    try {
      ready.get(settings.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      jda.awaitReady(); // READY fired; the status turns CONNECTED right after it
    } catch (ExecutionException e) {
      jda.shutdownNow();
      if (e.getCause() instanceof SessionClosed closed && closed.code == CloseCode.AUTHENTICATION_FAILED) {
        throw new DiscordFailure(DiscordFailure.Kind.UNAUTHORIZED, "the Discord gateway rejected the bot token", null);
      }
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "the Discord gateway closed the session while logging in: " + e.getCause().getMessage(), null);
    } catch (TimeoutException | IllegalStateException e) {
      jda.shutdownNow();
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "the Discord gateway did not become ready within " + settings.readyTimeout(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, "interrupted while logging in", null);
    }
    JdaDiscordAccess access = new JdaDiscordAccess(jda, settings, events);
    LOG.info("Discord session ready as {} in {} guild(s)", jda.getSelfUser().getId(), jda.getGuilds().size());
    return access;
  }

  @Override
  public String selfUserId() {
    return jda.getSelfUser().getId();
  }

  /** Reports every member overwrite, the bot's own included: the diff knows to leave that one alone. */
  @Override
  public ChannelOverwrites memberOverwrites(String guildId, String channelId) throws DiscordFailure {
    IPermissionContainer channel = container(guildId, channelId);
    Map<String, Overwrite> members = new HashMap<>();
    for (PermissionOverride o : channel.getPermissionOverrides()) {
      if (o.isMemberOverride()) {
        members.put(o.getId(), new Overwrite(o.getAllowedRaw(), o.getDeniedRaw()));
      }
    }
    return new ChannelOverwrites(channelId, members);
  }

  /**
   * A member who is not in the guild is no error of ours: Discord staff say overwrites take any user id
   * (discord-api-docs#2856), but a 404 10009 has been seen for a user who had just left (Red-DiscordBot#3627).
   * Both answers are handled: 204 stands as the grant, 10009 reads as "not in the guild yet".
   */
  @Override
  public void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite)
      throws DiscordFailure {
    IPermissionContainer channel = container(guildId, channelId);
    requireCanManage(channel, overwrite.allow() | overwrite.deny());
    DataObject body = DataObject.empty()
        .put("type", MEMBER_OVERWRITE)
        .put("allow", Long.toUnsignedString(overwrite.allow()))
        .put("deny", Long.toUnsignedString(overwrite.deny()));
    Route.CompiledRoute route = Route.Channels.MODIFY_PERM_OVERRIDE.compile(channelId, userId);
    String what = "putting the overwrite of user " + userId + " on channel " + channelId;
    try {
      complete(new RestActionImpl<Void>(jda, route, body), what);
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.OVERWRITE_NOT_FOUND) {
        throw new DiscordFailure(DiscordFailure.Kind.MEMBER_NOT_IN_GUILD, what + ": user is not in the guild", null);
      }
      throw e;
    }
  }

  @Override
  public boolean deleteMemberOverwrite(String guildId, String channelId, String userId) throws DiscordFailure {
    IPermissionContainer channel = container(guildId, channelId);
    requireCanManage(channel, 0);
    Route.CompiledRoute route = Route.Channels.DELETE_PERM_OVERRIDE.compile(channelId, userId);
    try {
      complete(new RestActionImpl<Void>(jda, route), "deleting the overwrite of user " + userId + " on channel " + channelId);
      return true;
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.OVERWRITE_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean isGuildMember(String guildId, String userId) throws DiscordFailure {
    Guild guild = guild(guildId);
    try {
      complete(guild.retrieveMemberById(userId), "looking up member " + userId + " of guild " + guildId);
      return true;
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.MEMBER_NOT_IN_GUILD) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public String sendMessage(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DiscordFailure {
    Guild guild = guild(guildId);
    GuildMessageChannel channel = guild.getChannelById(GuildMessageChannel.class, channelId);
    if (channel == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND,
          "channel " + channelId + " is not a message channel of guild " + guildId + " that the bot can see");
    }
    try {
      // no mention type is parsed from the content: only the listed users can be pinged (JDA's default is all)
      Message message = complete(channel.sendMessage(content).setNonce(nonce)
          .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
          .mentionUsers(mentionUserIds), "sending a message to channel " + channelId);
      return message.getId();
    } catch (InsufficientPermissionException e) {
      throw missing(e);
    }
  }

  @Override
  public String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure {
    RestAction<Message> action = jda.openPrivateChannelById(userId)
        .flatMap(channel -> channel.sendMessage(content).setNonce(nonce)
            .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)));
    return complete(action, "sending a direct message to user " + userId).getId();
  }

  /**
   * Where the channel is, from the cache: in the named guild (with its category), in another of the bot's
   * guilds, or nowhere the bot can see.
   */
  @Override
  public ChannelPlace locate(String guildId, String channelId) throws SyncException {
    try {
      requireConnected();
      requireAvailable(guildId);
    } catch (DiscordFailure e) {
      throw DiscordSync.toSyncException(e);
    }
    Guild guild = jda.getGuildById(guildId);
    GuildChannel channel = guild == null ? null : guild.getGuildChannelById(channelId);
    if (channel != null) {
      return ChannelPlace.inGuild(channel instanceof ICategorizableChannel c ? c.getParentCategoryId() : null);
    }
    return jda.getGuildChannelById(channelId) != null ? ChannelPlace.otherGuild() : ChannelPlace.notFound();
  }

  @Override
  public void onOverwriteChanged(Consumer<String> listener) {
    events.onOverwriteChanged(listener);
  }

  @Override
  public void onMemberJoined(BiConsumer<String, String> listener) {
    events.onMemberJoined(listener);
  }

  /** The JDA session's state, e.g. for a readiness probe. */
  public boolean connected() {
    return jda.getStatus() == JDA.Status.CONNECTED;
  }

  /** True once the session has ended for good (shut down by JDA on a fatal close code, or by us). */
  public boolean shutDown() {
    return jda.getStatus() == JDA.Status.SHUTDOWN || jda.getStatus() == JDA.Status.SHUTTING_DOWN;
  }

  @Override
  public void close() {
    jda.shutdown();
    try {
      if (!jda.awaitShutdown(10, TimeUnit.SECONDS)) {
        jda.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
    }
  }

  private void requireConnected() throws DiscordFailure {
    JDA.Status status = jda.getStatus();
    if (status != JDA.Status.CONNECTED) {
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "the Discord gateway session is " + status + ", so its cache cannot be trusted");
    }
  }

  /** A guild in an outage is absent from the cache; that says nothing about its channels (gateway-events.mdx). */
  private void requireAvailable(String guildId) throws DiscordFailure {
    boolean unavailable;
    try {
      unavailable = jda.isUnavailable(Long.parseUnsignedLong(guildId));
    } catch (NumberFormatException e) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "guild id " + guildId + " is not a snowflake");
    }
    if (unavailable) {
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "guild " + guildId + " is unavailable (a Discord outage); trying again later");
    }
  }

  private Guild guild(String guildId) throws DiscordFailure {
    if (guildId == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "no guild was named");
    }
    requireConnected();
    requireAvailable(guildId);
    Guild guild = jda.getGuildById(guildId);
    if (guild == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "guild " + guildId + " is unknown to the bot");
    }
    return guild;
  }

  private IPermissionContainer container(String guildId, String channelId) throws DiscordFailure {
    GuildChannel channel = guild(guildId).getGuildChannelById(channelId);
    if (!(channel instanceof IPermissionContainer container)) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND,
          "channel " + channelId + " is not in guild " + guildId + " or the bot cannot see it");
    }
    return container;
  }

  /**
   * Checks what Discord would check, from the cache and before any request: the bot needs Manage Permissions
   * on the channel, and may only set bits it holds there itself.
   */
  private void requireCanManage(IPermissionContainer channel, long bits) throws DiscordFailure {
    Member self = channel.getGuild().getSelfMember();
    Set<Permission> needed = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MANAGE_PERMISSIONS);
    needed.addAll(Permission.getPermissions(bits));
    if (!self.hasPermission(channel, needed)) {
      EnumSet<Permission> lacking = EnumSet.copyOf(needed);
      lacking.removeAll(self.getPermissions(channel));
      throw new DiscordFailure(DiscordFailure.Kind.MISSING_PERMISSIONS,
          "the bot lacks " + names(lacking) + " on channel " + channel.getId());
    }
  }

  /**
   * Runs one request and waits at most the request timeout. A request still in flight at the deadline may
   * yet land; every write here is idempotent (messages by their nonce), so the next try sees it or repeats it.
   */
  private <T> T complete(RestAction<T> action, String what) throws DiscordFailure {
    CompletableFuture<T> future;
    try {
      future = action.submit();
    } catch (RejectedExecutionException e) {
      // a stopped JDA refuses new requests at once (Requester.request): the session is gone, not the thing asked for
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, what + ": the Discord session has stopped", null);
    }
    try {
      return future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR,
          what + " timed out after " + settings.requestTimeout().toMillis() + " ms", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR, what + " was interrupted", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ErrorResponseException ere) {
        throw translate(ere, what);
      }
      if (cause instanceof InsufficientPermissionException ipe) {
        throw missing(ipe);
      }
      if (cause instanceof RejectedExecutionException) {
        throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, what + ": the Discord session has stopped", null);
      }
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR,
          what + " failed: " + (cause == null ? "unknown error" : cause.getClass().getSimpleName()), null);
    }
  }

  private static DiscordFailure translate(ErrorResponseException e, String what) {
    int status = e.getResponse() == null ? -1 : e.getResponse().code;
    int code = e.getErrorCode();
    String message = what + " failed: " + status + " " + code + " " + e.getMeaning();
    DiscordFailure.Kind kind;
    if (status == 401 || code == 40001) {
      kind = DiscordFailure.Kind.UNAUTHORIZED;
    } else if (code == 10003 || code == 10004) {
      kind = DiscordFailure.Kind.CHANNEL_NOT_FOUND;
    } else if (code == 10013 || code == 10007) {
      kind = DiscordFailure.Kind.MEMBER_NOT_IN_GUILD;
    } else if (code == 10009) {
      kind = DiscordFailure.Kind.OVERWRITE_NOT_FOUND;
    } else if (code == CANNOT_SEND_TO_USER) {
      kind = DiscordFailure.Kind.DMS_CLOSED;
    } else if (code == OPENING_DMS_TOO_FAST) {
      kind = DiscordFailure.Kind.RATE_LIMITED; // a 403 too, but one that clears by itself
    } else if (code == 50013 || code == 50001 || status == 403) {
      kind = DiscordFailure.Kind.MISSING_PERMISSIONS;
    } else if (status >= 500 || e.isServerError()) {
      kind = DiscordFailure.Kind.SERVER_ERROR;
    } else {
      kind = DiscordFailure.Kind.REJECTED;
    }
    // the vendor exception is not kept as cause: its response may echo request details into logs
    return new DiscordFailure(kind, message, null);
  }

  private static DiscordFailure missing(InsufficientPermissionException e) {
    return new DiscordFailure(DiscordFailure.Kind.MISSING_PERMISSIONS,
        "the bot lacks " + e.getPermission().getName() + " on channel " + e.getChannelId(), null);
  }

  private static String names(Set<Permission> permissions) {
    return String.join(", ", permissions.stream().map(Permission::getName).toList());
  }

  /** Points JDA at the configured gateway instead of its built-in constant. */
  private static final class FixedGatewaySessionController extends ConcurrentSessionController {
    private final String gateway;

    FixedGatewaySessionController(String gateway) {
      this.gateway = gateway;
    }

    @Override
    public String getGateway() {
      return gateway;
    }
  }

  /**
   * Forwards JDA's events the operator cares about: a change on a channel (a member overwrite, its category, the
   * channel deleted), so the groups naming it reconcile at once rather than at the resync, and members joining.
   */
  private static final class EventForwarder extends ListenerAdapter {
    private final DiscordEvents events;

    EventForwarder(DiscordEvents events) {
      this.events = events;
    }

    @Override
    public void onGenericPermissionOverride(GenericPermissionOverrideEvent event) {
      if (event.isMemberOverride()) {
        events.memberOverwriteChanged(event.getChannel().getId(), event.getPermissionOverride().getId());
      }
    }

    /** A deleted channel: its groups report ChannelNotFound now, not after the resync. */
    @Override
    public void onChannelDelete(ChannelDeleteEvent event) {
      events.channelChanged(event.getChannel().getId());
    }

    /** A channel dragged under another category may now be outside ALLOWED_DISCORD_CATEGORIES, or back inside. */
    @Override
    public void onChannelUpdateParent(ChannelUpdateParentEvent event) {
      events.channelChanged(event.getChannel().getId());
    }

    @Override
    public void onGuildMemberJoin(GuildMemberJoinEvent event) {
      events.memberJoined(event.getGuild().getId(), event.getUser().getId());
    }
  }

  /** The gateway session ended before it was ready, with this close code (null when JDA shut itself down). */
  private static final class SessionClosed extends Exception {
    final CloseCode code;

    SessionClosed(CloseCode code) {
      super(code == null ? "shut down" : code.name());
      this.code = code;
    }
  }
}
