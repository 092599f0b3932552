package dev.study.operator.testing.discord;

import static org.awaitility.Awaitility.await;

import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import dev.study.operator.discord.DiscordSettings;
import dev.study.operator.discord.JdaDiscordAccess;
import dev.study.operator.testing.CapturedLogs;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link FakeDiscord} and the real JDA logged in to it, for a test class (registered on a static field) or for
 * each test (an instance field). It starts the fake, lets the test set up its world before the login, logs in with
 * {@link JdaDiscordAccess}, clears fault rules after each test, and closes both at the end.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeDiscordExtension discord = FakeDiscordExtension.loggedIn(TOKEN)
 *     .world(fake -> guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE));
 * }</pre>
 */
public final class FakeDiscordExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** How long a test waits for the gateway to deliver what the fake did. */
  public static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final String token;
  private Duration requestTimeout = Duration.ofSeconds(20);
  private Consumer<FakeDiscord> world = fake -> { };
  private String[] debugLoggers;
  private boolean perClass;
  private CapturedLogs logs;
  private FakeDiscord fake;
  private JdaDiscordAccess access;

  private FakeDiscordExtension(String token) {
    this.token = token;
  }

  /** A fake that accepts this bot token, and JDA logged in with it. */
  public static FakeDiscordExtension loggedIn(String token) {
    return new FakeDiscordExtension(token);
  }

  /** What the fake holds before JDA logs in (guilds, channels, a clock): JDA then sees it in GUILD_CREATE. */
  public FakeDiscordExtension world(Consumer<FakeDiscord> setUp) {
    this.world = setUp;
    return this;
  }

  /** How long JDA waits for a REST answer (20 s unless set). */
  public FakeDiscordExtension requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  /**
   * Captures the logs from before the fake starts until after JDA is closed, with our code and JDA at DEBUG, so a
   * test can search everything logged while it ran ({@link #logs()}).
   */
  public FakeDiscordExtension capturingLogs() {
    this.debugLoggers = new String[] {"net.dv8tion", "dev.study"};
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perClass) {
      fake.clearFaults();
    } else {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      stop();
    }
  }

  private void start() throws DiscordFailure {
    if (debugLoggers != null) {
      logs = CapturedLogs.debugOf(debugLoggers);
    }
    fake = FakeDiscord.start(token);
    world.accept(fake);
    access = JdaDiscordAccess.connect(settings(requestTimeout));
  }

  private void stop() {
    try {
      if (access != null) {
        access.close();
      }
      if (fake != null) {
        fake.close();
      }
    } finally {
      access = null;
      fake = null;
      if (logs != null) {
        logs.close();
      }
    }
  }

  public FakeDiscord fake() {
    return fake;
  }

  /** The logged-in JDA. */
  public JdaDiscordAccess access() {
    return access;
  }

  /** What was logged since the extension started; only with {@link #capturingLogs()}. */
  public CapturedLogs logs() {
    if (logs == null) {
      throw new IllegalStateException("register the extension with capturingLogs()");
    }
    return logs;
  }

  /** Settings for another session on the fake, e.g. an impatient one. */
  public DiscordSettings settings(Duration requestTimeout) {
    return new DiscordSettings(token, fake.restBaseUrl(), fake.gatewayUrl(), READY_TIMEOUT, requestTimeout);
  }

  /** Another JDA session on the fake, with this request timeout; the caller closes it. */
  public JdaDiscordAccess connect(Duration requestTimeout) throws DiscordFailure {
    return JdaDiscordAccess.connect(settings(requestTimeout));
  }

  /** New people in the guild, by spec member id, in order. */
  public Map<String, String> people(String guildId, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, fake.addMember(guildId, name));
    }
    return out;
  }

  /** Waits until JDA's cache shows the fake's member overwrites on the channel, as the gateway delivers them. */
  public void awaitCacheMatchesFake(String guildId, String channelId) {
    awaitCacheMatchesFake(fake, access, guildId, channelId);
  }

  /** The same for any session on any fake, e.g. the operator's own. */
  public static void awaitCacheMatchesFake(FakeDiscord fake, DiscordAccess access, String guildId, String channelId) {
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      Map<String, List<Long>> seen = access.memberOverwrites(guildId, channelId).members().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue().allow(), e.getValue().deny())));
      Map<String, List<Long>> truth = fake.memberOverwrites(channelId).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> Arrays.stream(e.getValue()).boxed().toList()));
      return seen.equals(truth);
    });
  }
}
