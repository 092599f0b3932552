package dev.study.operator.discord;

import dev.study.operator.reconcile.ChannelLocator;
import dev.study.operator.sync.SyncException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.guild.override.GenericPermissionOverrideEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.channel.update.ChannelUpdateParentEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.internal.utils.IOUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiscordAccess} over JDA: one gateway session whose cache holds the channels and their member
 * overwrites (so observing costs no REST call), and one REST request per overwrite written.
 *
 * <p>This class is the session: it logs in, forwards the gateway events the operator cares about, and ends. The
 * work is done by one class per job, all over the same session: {@link JdaChannelCache} (finding guilds and
 * channels, trusted only while the session is CONNECTED), {@link JdaOverwrites}, {@link JdaMessages}, and
 * {@link JdaRequests} (one request with a timeout), whose failures {@link DiscordErrors} names.
 */
public final class JdaDiscordAccess implements DiscordAccess, ChannelLocator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdaDiscordAccess.class);

  private final JDA jda;
  private final DiscordGatewayListeners events;
  private final JdaChannelCache channels;
  private final JdaOverwrites overwrites;
  private final JdaMessages messages;

  private JdaDiscordAccess(JDA jda, DiscordSettings settings, DiscordGatewayListeners events) {
    this.jda = jda;
    this.events = events;
    this.channels = new JdaChannelCache(jda);
    JdaRequests requests = new JdaRequests(settings.requestTimeout());
    this.overwrites = new JdaOverwrites(jda, channels, requests);
    this.messages = new JdaMessages(jda, channels, requests);
  }

  /** Logs in with listeners of its own; see {@link #connect(DiscordSettings, DiscordGatewayListeners, Consumer)}. */
  public static JdaDiscordAccess connect(DiscordSettings settings) throws DiscordFailure {
    return connect(settings, new DiscordGatewayListeners(), code -> {});
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
  public static JdaDiscordAccess connect(DiscordSettings settings, DiscordGatewayListeners events, Consumer<CloseCode> onShutdown)
      throws DiscordFailure {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    JDA jda;
    try {
      jda = JDABuilder.createLight(settings.token(), EnumSet.of(GatewayIntent.GUILD_MEMBERS))
          .setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()))
          .setHttpClientBuilder(IOUtil.newHttpClientBuilder()
              .addInterceptor(DiscordRequestPacer.real(settings.requestsPerSecond()))
              .addInterceptor(new DiscordHttpMetrics(settings.metrics())))
          .setSessionController(new FixedGatewaySessionController(settings.gatewayUrl()))
          .setCompression(Compression.NONE)
          .enableCache(CacheFlag.MEMBER_OVERRIDES)
          .setEnableShutdownHook(false)
          .addEventListeners(new GatewayEventForwarder(events), new ListenerAdapter() {
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
      throw DiscordErrors.of(e, "logging in");
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

  @Override
  public ChannelOverwrites memberOverwrites(String guildId, String channelId) throws DiscordFailure {
    return overwrites.memberOverwrites(guildId, channelId);
  }

  @Override
  public void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite)
      throws DiscordFailure {
    overwrites.putMemberOverwrite(guildId, channelId, userId, overwrite);
  }

  @Override
  public boolean deleteMemberOverwrite(String guildId, String channelId, String userId) throws DiscordFailure {
    return overwrites.deleteMemberOverwrite(guildId, channelId, userId);
  }

  @Override
  public boolean isGuildMember(String guildId, String userId) throws DiscordFailure {
    return messages.isGuildMember(guildId, userId);
  }

  @Override
  public String sendMessage(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DiscordFailure {
    return messages.sendMessage(guildId, channelId, content, nonce, mentionUserIds);
  }

  @Override
  public String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure {
    return messages.sendDirectMessage(userId, content, nonce);
  }

  @Override
  public ChannelPlace locate(String guildId, String channelId) throws SyncException {
    try {
      return channels.locate(guildId, channelId);
    } catch (DiscordFailure e) {
      throw DiscordErrors.toSyncException(e);
    }
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

  /**
   * Forwards JDA's events the operator cares about: a change on a channel (a member overwrite, its category, the
   * channel deleted), so the groups naming it reconcile at once rather than at the resync, and members joining.
   */
  private static final class GatewayEventForwarder extends ListenerAdapter {
    private final DiscordGatewayListeners events;

    GatewayEventForwarder(DiscordGatewayListeners events) {
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

    /**
     * A session Discord would not resume was replaced by a fresh one: JDA rebuilt its cache from GUILD_CREATE and
     * fires no override event for what changed meanwhile, so every channel it knows wakes the groups naming it
     * (faults/GatewayResumeIT). A resumed session needs none of this: Discord replays what it missed.
     */
    @Override
    public void onSessionRecreate(net.dv8tion.jda.api.events.session.SessionRecreateEvent event) {
      event.getJDA().getGuilds().forEach(guild ->
          guild.getChannels().forEach(channel -> events.channelChanged(channel.getId())));
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
