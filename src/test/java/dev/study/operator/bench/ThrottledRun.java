package dev.study.operator.bench;

import dev.study.operator.OperatorSystems;
import dev.study.operator.StudyGroupOperator;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.discord.DiscordRateLimits;
import dev.study.operator.testing.discord.FakeDiscord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cold start of a cohort under the real limits: the fake Discord enforces the global 50 requests a second and
 * its per-route buckets, with their headers on every answer ({@link DiscordRateLimits}); the fake Calendar
 * enforces Google's 600 quota units a minute per user, weighted by each method's cost. The operator runs with its
 * production limiters: JDA's buckets, {@code DiscordRequestPacer} at its default rate, and the Calendar request
 * budget at its default. It reports the time against the floor the limits set, and the 429s (and Calendar
 * quota refusals) each side got.
 *
 * <p>The floor is what the limits allow at best: a window's worth at once, then one window per further
 * window's worth (Discord: 50 requests a second; Calendar: 600 quota units a minute); the two systems run side
 * by side, so the floor is the larger.
 *
 * <pre>mvn -q -Pbench -Dbench.throttled=true [-Dbench.throttled.groups=100] [-Dbench.env.CALENDAR_REQUESTS_PER_MINUTE=600]</pre>
 */
public final class ThrottledRun {
  /** Google's default per-user quota (developers.google.com/calendar/api/guides/quota). */
  private static final int GOOGLE_UNITS_PER_MINUTE = 600;

  /** What the run measured. */
  public record Result(int groups, double seconds, double floorSeconds, double discordFloorSeconds,
      double calendarFloorSeconds, int discordRequests, int calendarUnits, int discord429, int discordGlobal429, int calendar429) {
    public double ratioToFloor() {
      return seconds / floorSeconds;
    }

    Map<String, Object> asResults() {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("throttled.seconds", seconds);
      out.put("throttled.floorSeconds", floorSeconds);
      out.put("throttled.ratioToFloor", ratioToFloor());
      out.put("throttled.discord429", discord429);
      out.put("throttled.calendar429", calendar429);
      return out;
    }
  }

  private ThrottledRun() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    Result r = run(Integer.getInteger("bench.throttled.groups", 100));
    System.out.printf(Locale.ROOT, "throttled: %d groups in %.1f s; floor %.1f s (Discord %.1f s for %d requests,"
            + " Calendar %.1f s for %d units); ratio %.2f; Discord 429s %d (global %d), Calendar quota refusals %d%n",
        r.groups(), r.seconds(), r.floorSeconds(), r.discordFloorSeconds(), r.discordRequests(),
        r.calendarFloorSeconds(), r.calendarUnits(), r.ratioToFloor(), r.discord429(), r.discordGlobal429(), r.calendar429());
    System.exit(0);
  }

  public static Result run(int groups) throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Files.createTempDirectory("sg-throttled");
    try (BenchWorld world = BenchWorld.start(groups, dir, clock)) {
      FakeDiscord discord = world.discord;
      FakeCalendar calendar = world.calendar;
      MockKubernetes kubernetes = world.kubernetes;
      discord.enforceRateLimits(DiscordRateLimits.discordDefaults(clock));
      calendar.quotaPerUser(GOOGLE_UNITS_PER_MINUTE, 403, "userRateLimitExceeded");
      List<StudyGroup> specs = world.specs;
      OperatorConfig config = OperatorConfig.load(env(world));
      var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OperatorSystems systems = SystemsFactory.fromConfig(config, clock, registry);
      systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
          .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow().awaitSession(Duration.ofSeconds(60));
      try (StudyGroupOperator operator = StudyGroupOperator.start(kubernetes.client(), config, systems, clock,
          () -> ThreadLocalRandom.current().nextDouble(), registry)) {
        int discordBefore = discord.restCount();
        int unitsBefore = calendar.unitsSpent(BenchWorld.ORGANIZER);
        int discordRefusedBefore = discord.rateLimited();
        int discordGlobalBefore = discord.rateLimitedGlobally();
        int calendarRefusedBefore = calendar.count(FakeCalendar.QUOTA_REFUSED);
        long t0 = System.nanoTime();
        specs.forEach(g -> kubernetes.client().resource(g).create());
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> kubernetes.client().resources(StudyGroup.class).inNamespace(BenchWorld.NS).list().getItems().stream()
                .filter(ThrottledRun::discordAndCalendarSynced).count() == groups);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int requests = discord.restCount() - discordBefore;
        int units = calendar.unitsSpent(BenchWorld.ORGANIZER) - unitsBefore;
        double discordFloor = windowFloor(requests, DiscordRateLimits.GLOBAL_PER_SECOND, 1);
        double calendarFloor = windowFloor(units, GOOGLE_UNITS_PER_MINUTE, 60);
        return new Result(groups, seconds, Math.max(discordFloor, calendarFloor), discordFloor, calendarFloor,
            requests, units, discord.rateLimited() - discordRefusedBefore,
            discord.rateLimitedGlobally() - discordGlobalBefore,
            calendar.count(FakeCalendar.QUOTA_REFUSED) - calendarRefusedBefore);
      }
    }
  }

  /**
   * The least time n requests need under a limit of {@code limit} per window: a full window's worth may go at
   * once, and each further one a window later.
   */
  static double windowFloor(int n, int limit, double windowSeconds) {
    return n <= 0 ? 0 : (Math.ceil(n / (double) limit) - 1) * windowSeconds;
  }

  /** The production defaults for every limiter: nothing here lifts a rate. */
  private static Map<String, String> env(BenchWorld world) {
    Map<String, String> env = new HashMap<>();
    env.put("ALLOWED_DISCORD_GUILDS", "*");
    env.put("ALLOWED_CALENDARS", "*");
    env.put("DISCORD_TOKEN", BenchWorld.TOKEN);
    env.put("DISCORD_API_URL", world.discord.restBaseUrl());
    env.put("DISCORD_GATEWAY_URL", world.discord.gatewayUrl());
    env.put("GOOGLE_APPLICATION_CREDENTIALS", world.key.file().toString());
    env.put("GOOGLE_CALENDAR_ROOT_URL", world.calendar.rootUrl());
    env.put("GOOGLE_IMPERSONATE_USER", BenchWorld.ORGANIZER);
    env.put("DATABASE_URL", world.databaseUrl);
    // -Dbench.env.CALENDAR_REQUESTS_PER_MINUTE=600 and the like: a limiter at another setting than its default
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.env."))
        .forEach(k -> env.put(k.substring("bench.env.".length()), System.getProperty(k)));
    return env;
  }

  private static boolean discordAndCalendarSynced(StudyGroup g) {
    return g.getStatus() != null && List.of("DiscordSynced", "CalendarSynced").stream()
        .allMatch(t -> g.getStatus().getConditions().stream()
            .anyMatch(c -> t.equals(c.getType()) && "True".equals(c.getStatus())));
  }
}
