package dev.study.operator.discord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to Discord in the background and keeps trying, so the operator starts (and syncs Calendar, reminders
 * and RSVPs) while Discord is down or the token is wrong. Until a session is ready every call fails with the
 * login's own failure (Unauthorized, GatewayUnavailable), which groups then show in DiscordSynced.
 */
public final class ReconnectingDiscordAccess implements DiscordAccess, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingDiscordAccess.class);
  private final DiscordSettings settings;
  private final Duration retryBase;
  private final Duration retryCap;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService loginThread;
  private volatile JdaDiscordAccess session;
  private volatile DiscordFailure lastFailure =
      new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, "still logging in to Discord");
  private int attempts;

  public ReconnectingDiscordAccess(DiscordSettings settings, Duration retryBase, Duration retryCap) {
    this.settings = settings;
    this.retryBase = retryBase;
    this.retryCap = retryCap;
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

  /** Waits up to the given time for the first session; true when it is ready. */
  public boolean awaitSession(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (session == null && System.nanoTime() < deadline) {
      synchronized (this) {
        wait(50);
      }
    }
    return session != null;
  }

  private void login() {
    try {
      JdaDiscordAccess connected = JdaDiscordAccess.connect(settings);
      listeners.forEach(connected::onOverwriteChanged);
      session = connected;
      synchronized (this) {
        notifyAll();
      }
    } catch (DiscordFailure e) {
      lastFailure = e;
      attempts++;
      long delay = Math.min(retryCap.toMillis(), retryBase.toMillis() * (1L << Math.min(attempts - 1, 20)));
      LOG.warn("Discord login failed ({}), trying again in {} ms: {}", e.kind(), delay, e.getMessage());
      loginThread.schedule(this::login, delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      lastFailure = new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "Discord login failed: " + e.getClass().getSimpleName(), e);
      attempts++;
      loginThread.schedule(this::login, retryCap.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private JdaDiscordAccess session() throws DiscordFailure {
    JdaDiscordAccess s = session;
    if (s == null) {
      throw lastFailure;
    }
    return s;
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
  public String sendMessage(String channelId, String content, String nonce) throws DiscordFailure {
    return session().sendMessage(channelId, content, nonce);
  }

  @Override
  public String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure {
    return session().sendDirectMessage(userId, content, nonce);
  }

  /** Whether a session is logged in and its gateway is connected (placeholder on the reminders branch). */
  public boolean connected() {
    JdaDiscordAccess s = session;
    return s != null && s.connected();
  }

  @Override
  public void onOverwriteChanged(Consumer<String> listener) {
    listeners.add(listener);
    JdaDiscordAccess s = session;
    if (s != null) {
      s.onOverwriteChanged(listener);
    }
  }

  @Override
  public void close() {
    loginThread.shutdownNow();
    JdaDiscordAccess s = session;
    if (s != null) {
      s.close();
    }
  }
}
