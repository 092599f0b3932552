package dev.study.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.OperatorSystems;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.store.Database;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operator wired as in production (SystemsFactory from settings) against the mock API server, a real
 * PostgreSQL, and the fake Discord and Calendar that the real JDA and Google clients talk to. The bot holds the
 * least-privilege permissions docs/discord.md recommends, and Calendar uses domain-wide delegation.
 */
public final class FullStack implements AutoCloseable {
  public static final String NS = "course";
  public static final String TOKEN = "MTEyMjMzNDQ1NTY2Nzc4ODk5.GfAkE.fullstack-test-token-0123456789";
  public static final String CALENDAR = "cohort7-group3@group.calendar.google.com";

  public final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  public final FakeDiscord discord;
  public final FakeCalendar calendar;
  public final String guild;
  public final String text;
  private final ServiceAccountKey key;
  private final String databaseUrl;
  private OperatorHarness harness;
  private Database database;

  public FullStack(Path dir) throws Exception {
    this(dir, TestPostgres.freshJdbcUrl());
  }

  /** With a PostgreSQL of the test's own, e.g. one it stops and starts. */
  public FullStack(Path dir, String databaseUrl) throws Exception {
    discord = FakeDiscord.start(TOKEN);
    guild = discord.addGuild("Study", FakeDiscord.LEAST_PRIVILEGE);
    text = discord.addTextChannel(guild, "cohort7-group3");
    calendar = FakeCalendar.start(clock).addCalendar(CALENDAR);
    key = ServiceAccountKey.write(dir, calendar.tokenUri());
    calendar.trust(key);
    this.databaseUrl = databaseUrl;
  }

  public Map<String, String> env() {
    Map<String, String> env = OperatorHarness.defaultEnv();
    env.put("RESYNC_INTERVAL", "10m");
    env.put("DISCORD_TOKEN", TOKEN);
    env.put("DISCORD_API_URL", discord.restBaseUrl());
    env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toString());
    env.put("GOOGLE_CALENDAR_ROOT_URL", calendar.rootUrl());
    env.put("GOOGLE_IMPERSONATE_USER", "organizer@example.org");
    env.put("DATABASE_URL", databaseUrl);
    env.put("REMINDER_POLL_INTERVAL", "50ms");
    return env;
  }

  /** Starts the operator with the default settings plus these. */
  public OperatorHarness start(Map<String, String> extra) throws Exception {
    Map<String, String> env = env();
    env.putAll(extra);
    OperatorSystems systems = SystemsFactory.fromConfig(OperatorConfig.load(env), clock, new SimpleMeterRegistry());
    ReconnectingDiscordAccess session = systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
        .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow();
    assertThat(session.awaitSession(Duration.ofSeconds(30))).isTrue();
    harness = OperatorHarness.start(systems, clock, env);
    return harness;
  }

  public OperatorHarness start() throws Exception {
    return start(Map.of());
  }

  /**
   * Waits for a group's status as {@link OperatorHarness#awaitGroup} does, while the operator's clock moves 5 s a
   * poll: a system that failed for a passing reason (a slow answer on a loaded machine) is retried at its backoff
   * time, which a frozen clock would never reach.
   */
  public StudyGroup awaitGroup(String name, java.util.function.Predicate<StudyGroup> condition) {
    try {
      return awaitGroupQuietly(name, condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StudyGroup g = harness.get(NS, name);
      throw new AssertionError("timed out waiting for " + NS + "/" + name + "; its conditions: "
          + (g == null || g.getStatus() == null ? "none" : g.getStatus().getConditions().stream()
              .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "@" + c.getObservedGeneration() + " ("
                  + c.getMessage() + ")").toList())
          + "; generation " + (g == null ? null : g.getMetadata().getGeneration()) + ", applied members "
          + (g == null || g.getStatus() == null ? null : g.getStatus().getAppliedMembers().stream()
              .map(m -> m.getId()).toList()),
          e);
    }
  }

  private StudyGroup awaitGroupQuietly(String name, java.util.function.Predicate<StudyGroup> condition) {
    return org.awaitility.Awaitility.await().atMost(OperatorHarness.WAIT).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          clock.advance(Duration.ofSeconds(5));
          return harness.get(NS, name);
        }, g -> g != null && g.getStatus() != null && condition.test(g));
  }

  /** A group on the stack's guild, text channel and calendar, with new guild members of these names. */
  public StudyGroup group(String name, String... memberNames) {
    StudyGroup g = StudyGroups.group(NS, name, memberNames);
    List<Member> members = g.getSpec().getMembers();
    for (Member m : members) {
      m.setDiscordUserId(discord.addMember(guild, m.getId()));
    }
    g.getSpec().getDiscord().setGuildId(guild);
    g.getSpec().getDiscord().setTextChannelId(text);
    g.getSpec().getCalendar().setCalendarId(CALENDAR);
    return g;
  }

  /** The reminder rows, read straight from PostgreSQL. */
  public JdbiReminderStore reminders() {
    if (database == null) {
      database = Database.connect(databaseUrl, null, null, null);
    }
    return new JdbiReminderStore(database);
  }

  /** The RSVP rows, read straight from PostgreSQL. */
  public dev.study.operator.rsvp.JdbiRsvpStore rsvps() {
    reminders();
    return new dev.study.operator.rsvp.JdbiRsvpStore(database);
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  @Override
  public void close() {
    if (harness != null) {
      harness.close();
    }
    discord.close();
    calendar.close();
  }
}
