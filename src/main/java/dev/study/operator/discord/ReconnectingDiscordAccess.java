package dev.study.operator.discord;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.reconcile.ChannelLocator;
import dev.study.operator.sync.SyncException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.dv8tion.jda.api.requests.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Discord session alive in the background, so the operator starts (and syncs Calendar, reminders
 * and RSVPs) while Discord is down. It logs in with backoff, and when a ready session ends for good (JDA shuts
 * down on a fatal close code) it logs in again, unless Discord rejected the token (4004): that stays
 * Unauthorized, since the same token would only be rejected again. Until a session is ready every call fails
 * with the login's own failure (Unauthorized, GatewayUnavailable), which groups then show in DiscordSynced.
 * Listeners live in one {@link DiscordGatewayListeners} handed to every session, so they survive a replaced session.
 */
public final class ReconnectingDiscordAccess implements DiscordAccess, ChannelLocator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingDiscordAccess.class);
  private final DiscordSettings settings;
  private final BackoffPolicy backoff;
  private final DiscordGatewayListeners events = new DiscordGatewayListeners();
  private final ScheduledExecutorService loginThread;
  private volatile JdaDiscordAccess session;
  private volatile DiscordFailure lastFailure =
      new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, "still logging in to Discord");
  private volatile boolean closed;
  private int attempts; // touched only on the login thread

  public ReconnectingDiscordAccess(DiscordSettings settings, Duration retryBase, Duration retryCap) {
    this.settings = settings;
    this.backoff = new BackoffPolicy(retryBase, retryCap, () -> ThreadLocalRandom.current().nextDouble());
    this.loginThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "discord-login");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts logging in; returns at once. */
  public ReconnectingDiscordAccess start() {
    loginThread.execute(this::login);
    return this;
  }

  /** Waits up to the given time for a ready session; true when there is one. */
  public boolean awaitSession(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (session == null && System.nanoTime() < deadline) {
        wait(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
      }
    }
    return session != null;
  }

  /** True while a session is logged in and CONNECTED: the reminder dispatcher claims work only then. */
  public boolean connected() {
    JdaDiscordAccess s = session;
    return s != null && s.connected();
  }

  private void login() {
    if (closed) {
      return;
    }
    try {
      JdaDiscordAccess connected = JdaDiscordAccess.connect(settings, events, this::sessionEnded);
      attempts = 0;
      synchronized (this) {
        session = connected;
        notifyAll();
      }
      if (connected.shutDown()) {
        sessionEnded(null); // it died between READY and here: the callback found no session to replace
      }
    } catch (DiscordFailure e) {
      lastFailure = e;
      retryLater(e.kind() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      lastFailure = new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "Discord login failed: " + e.getClass().getSimpleName(), null);
      retryLater(e.getClass().getSimpleName());
    }
  }

  private void retryLater(String why) {
    attempts++;
    Duration delay = backoff.delay(attempts);
    LOG.warn("Discord login failed, trying again in {} ms: {}", delay.toMillis(), why);
    loginThread.schedule(this::login, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** JDA told us a ready session is over: replace it, unless the token was rejected or we are closing. */
  private void sessionEnded(CloseCode code) {
    if (closed) {
      return;
    }
    synchronized (this) {
      JdaDiscordAccess dead = session;
      if (dead == null || !dead.shutDown()) {
        return; // not the current session, or already replaced
      }
      session = null;
    }
    if (code == CloseCode.AUTHENTICATION_FAILED) {
      lastFailure = new DiscordFailure(DiscordFailure.Kind.UNAUTHORIZED, "the Discord gateway rejected the bot token");
      LOG.error("the Discord session ended: the bot token was rejected; not logging in again");
      return;
    }
    lastFailure = new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
        "the Discord session ended (" + (code == null ? "shut down" : code.name()) + "); logging in again");
    LOG.warn("the Discord session ended ({}); logging in again", code == null ? "shut down" : code.name());
    try {
      loginThread.execute(this::retryAfterDeath);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void retryAfterDeath() {
    retryLater("replacing the session that ended");
  }

  private JdaDiscordAccess session() throws DiscordFailure {
    JdaDiscordAccess s = session;
    if (s == null) {
      throw lastFailure;
    }
    return s;
  }

  @Override
  public String selfUserId() throws DiscordFailure {
    return session().selfUserId();
  }

  @Override
  public ChannelOverwrites memberOverwrites(String guildId, String channelId) throws DiscordFailure {
    return session().memberOverwrites(guildId, channelId);
  }

  @Override
  public void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite)
      throws DiscordFailure {
    session().putMemberOverwrite(guildId, channelId, userId, overwrite);
  }

  @Override
  public boolean deleteMemberOverwrite(String guildId, String channelId, String userId) throws DiscordFailure {
    return session().deleteMemberOverwrite(guildId, channelId, userId);
  }

  @Override
  public boolean isGuildMember(String guildId, String userId) throws DiscordFailure {
    return session().isGuildMember(guildId, userId);
  }

  @Override
  public String sendMessage(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DiscordFailure {
    return session().sendMessage(guildId, channelId, content, nonce, mentionUserIds);
  }

  @Override
  public String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure {
    return session().sendDirectMessage(userId, content, nonce);
  }

  @Override
  public ChannelPlace locate(String guildId, String channelId) throws SyncException {
    try {
      return session().locate(guildId, channelId);
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

  /** Every session's channel changes, naming the member whose overwrite changed. */
  public void onChannelChanged(Consumer<dev.study.operator.reconcile.ChannelChange> listener) {
    events.onChannelChanged(listener);
  }

  @Override
  public void close() {
    closed = true;
    loginThread.shutdownNow();
    JdaDiscordAccess s = session;
    if (s != null) {
      s.close();
    }
  }
}
