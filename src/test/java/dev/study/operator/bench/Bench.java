package dev.study.operator.bench;

import dev.study.operator.OperatorSystems;
import dev.study.operator.StudyGroupOperator;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.Reminder;
import dev.study.operator.reminders.ReminderPlan;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.store.Database;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The benchmark: N groups (default 1,000 x 8 members x 10 meetings) against the fakes, through the production
 * wiring. Prints one table of counts per group and ratios; times are wall-clock and only indicative.
 *
 * <pre>mvn -q -Pbench [-Dbench.groups=1000] [-Dbench.resync=60s] [-Dbench.trace=true]</pre>
 */
public final class Bench {
  private static final String NS = "bench";
  private static final String TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.BeNcH.bench-bot-token-0123456789";
  private static final int MEMBERS = 8;
  private static final int MEETINGS = 10;

  /** Held so the level sticks: the mock API server logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private final int groups;
  private final Map<String, String> rows = new java.util.LinkedHashMap<>();

  private Bench(int groups) {
    this.groups = groups;
  }

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int groups = Integer.getInteger("bench.groups", 1000);
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--groups")) {
        groups = Integer.parseInt(args[i + 1]);
      }
    }
    new Bench(groups).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Clock clock = Clock.systemUTC();
    Path dir = Files.createTempDirectory("sg-bench");
    System.out.printf("bench: %d groups x %d members x %d meetings; starting fakes...%n", groups, MEMBERS, MEETINGS);
    try (FakeDiscord discord = FakeDiscord.start(TOKEN);
         FakeCalendar calendar = FakeCalendar.start(clock);
         MockKubernetes kubernetes = MockKubernetes.start()) {
      String guild = discord.addGuild("Bench");
      List<StudyGroup> specs = new ArrayList<>();
      LocalDate tomorrow = LocalDate.now(ZoneId.of("Europe/London")).plusDays(1);
      for (int g = 0; g < groups; g++) {
        String channel = discord.addTextChannel(guild, "group-" + g);
        String calendarId = "bench-" + g + "@group.calendar.google.com";
        calendar.addCalendar(calendarId);
        StudyGroup group = StudyGroups.group(NS, "group-" + g);
        List<Member> members = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
          Member member = StudyGroups.member("m" + g + "x" + m);
          member.setDiscordUserId(discord.addMember(guild, "m" + g + "x" + m));
          members.add(member);
        }
        group.getSpec().setMembers(members);
        group.getSpec().getSchedule().setFirstMeeting(tomorrow + "T18:00");
        group.getSpec().getSchedule().setCount(MEETINGS);
        group.getSpec().getDiscord().setGuildId(guild);
        group.getSpec().getDiscord().setTextChannelId(channel);
        group.getSpec().getCalendar().setCalendarId(calendarId);
        specs.add(group);
      }
      ServiceAccountKey key = ServiceAccountKey.write(dir, calendar.tokenUri());
      calendar.trust(key);
      String databaseUrl = TestPostgres.freshJdbcUrl();

      Map<String, String> env = new HashMap<>();
      env.put("ALLOWED_DISCORD_GUILDS", "*");
      env.put("ALLOWED_CALENDARS", "*");
      // Short enough for the benchmark to watch resyncs happen.
      env.put("RESYNC_INTERVAL", System.getProperty("bench.resync", "60s"));
      env.put("DISCORD_TOKEN", TOKEN);
      env.put("DISCORD_API_URL", discord.restBaseUrl());
      env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
      env.put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toString());
      env.put("GOOGLE_CALENDAR_ROOT_URL", calendar.rootUrl());
      // attendees need domain-wide delegation: Google refuses them from a service account acting as itself
      env.put("GOOGLE_IMPERSONATE_USER", "organizer@example.org");
      // One calendar user per group in real life; the fake's calendars share one, so lift the client quota.
      env.put("CALENDAR_REQUESTS_PER_MINUTE", "1000000");
      env.put("DATABASE_URL", databaseUrl);
      OperatorConfig config = OperatorConfig.load(env);
      var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OperatorSystems systems = SystemsFactory.fromConfig(config, clock, registry);
      systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
          .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow().awaitSession(Duration.ofSeconds(60));
      kubernetes.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
          .build()).create();

      try (StudyGroupOperator operator = StudyGroupOperator.start(kubernetes.client(), config, systems, clock,
          () -> ThreadLocalRandom.current().nextDouble(), registry)) {
        drain(kubernetes);
        discord.resetCounters();
        calendar.resetCounters();

        long t0 = System.nanoTime();
        for (StudyGroup g : specs) {
          kubernetes.client().resource(g).create();
        }
        Predicate<StudyGroup> synced = Bench::threeSystemsSynced;
        awaitAll(kubernetes, synced, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        KubeCounts coldKube = drain(kubernetes);
        if (Boolean.getBoolean("bench.trace")) {
          kubernetes.client().v1().events().inNamespace(NS).list().getItems()
              .forEach(e -> System.out.println("event: " + e.getReason() + " " + e.getMessage()));
        }
        row("cold: Kubernetes writes (status, finalizer) / group", "%.2f", coldKube.writes / (double) groups);
        row("cold convergence (s)", "%.1f", seconds);
        row("groups per second", "%.1f", groups / seconds);
        row("cold: Discord REST requests / group", "%.2f", discord.restCount() / (double) groups);
        row("cold: Discord writes / group", "%.2f", discord.writeCount() / (double) groups);
        row("cold: Calendar HTTP requests / group", "%.2f", calendar.httpRequests() / (double) groups);
        row("cold: Calendar event writes / group", "%.2f", calendarWrites(calendar) / (double) groups);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        row("heap after convergence (MiB)", "%d", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));

        // No-change resyncs: wait for the periodic resync to reconcile every group at least twice more (the
        // first resync after a change still rewrites the counts in status, see docs/design.md), then count one
        // full round with nothing to do.
        double started = reconciliations(registry);
        await(Duration.ofMinutes(10), () -> reconciliations(registry) >= started + 2 * groups);
        drain(kubernetes);
        discord.resetCounters();
        calendar.resetCounters();
        double roundStart = reconciliations(registry);
        await(Duration.ofMinutes(10), () -> reconciliations(registry) >= roundStart + groups);
        double reconciles = reconciliations(registry) - roundStart;
        KubeCounts resyncKube = drain(kubernetes);
        row("resync: reconciles counted", "%.0f", reconciles);
        row("resync: Discord REST requests / reconcile", "%.2f", discord.restCount() / reconciles);
        row("resync: Calendar HTTP requests / reconcile", "%.2f", calendar.httpRequests() / reconciles);
        row("resync: Calendar event writes / reconcile", "%.2f", calendarWrites(calendar) / reconciles);
        row("resync: Kubernetes writes / reconcile", "%.2f", resyncKube.writes / reconciles);

        // One member added to one group.
        discord.resetCounters();
        calendar.resetCounters();
        StudyGroup first = specs.get(0);
        String newcomer = discord.addMember(guild, "newcomer");
        kubernetes.client().resources(StudyGroup.class).inNamespace(NS).withName(first.getMetadata().getName())
            .edit(x -> {
              Member m = StudyGroups.member("newcomer");
              m.setDiscordUserId(newcomer);
              x.getSpec().getMembers().add(m);
              return x;
            });
        awaitAll(kubernetes, g -> !g.getMetadata().getName().equals(first.getMetadata().getName())
            || (g.getStatus().getObservedGeneration() == 2 && threeSystemsSynced(g)), Duration.ofMinutes(2));
        row("one-member change: Discord writes", "%d", discord.writeCount());
        row("one-member change: Calendar event writes", "%d", calendarWrites(calendar));
        row("one-member change: Calendar HTTP requests", "%d", calendar.httpRequests());

        reminderLag(databaseUrl, discord, specs, registry, clock);
      }
    }
    System.out.println();
    System.out.println("| measure | value |");
    System.out.println("|---|---|");
    rows.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
  }

  private void reminderLag(String databaseUrl, FakeDiscord discord, List<StudyGroup> specs,
      PrometheusMeterRegistry registry, Clock clock) throws dev.study.operator.store.DatabaseUnavailable {
    JdbiReminderStore store = new JdbiReminderStore(Database.connect(databaseUrl, null, null, null));
    int count = Math.min(200, specs.size());
    Instant base = clock.instant().plusSeconds(2);
    List<Reminder> due = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StudyGroup g = specs.get(i);
      due.add(new Reminder("lag-" + i, 1, "1m", NS, "lag", "lag", g.getSpec().getDiscord().getGuildId(),
          g.getSpec().getDiscord().getTextChannelId(),
          base.plusSeconds(3600), base.plusMillis(25L * i), "", ReminderState.pending));
    }
    int messagesBefore = totalMessages(discord, specs);
    store.apply(ReminderPlan.creating(due));
    await(Duration.ofSeconds(60), () -> totalMessages(discord, specs) >= messagesBefore + count);
    Timer lag = registry.get("studygroup.reminders.lag").timer();
    for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
      row(String.format(Locale.ROOT, "reminder lag p%.0f (ms)", p.percentile() * 100), "%.0f",
          p.value(TimeUnit.MILLISECONDS));
    }
    row("reminders due / sent messages", "%s", count + " / " + (totalMessages(discord, specs) - messagesBefore));
  }

  private static int totalMessages(FakeDiscord discord, List<StudyGroup> specs) {
    return specs.stream().mapToInt(g -> discord.messages(g.getSpec().getDiscord().getTextChannelId()).size()).sum();
  }

  private static boolean threeSystemsSynced(StudyGroup g) {
    if (g.getStatus() == null) {
      return false;
    }
    return List.of("DiscordSynced", "CalendarSynced", "RemindersSynced").stream()
        .allMatch(t -> g.getStatus().getConditions().stream()
            .anyMatch(c -> t.equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private void awaitAll(MockKubernetes kubernetes, Predicate<StudyGroup> done, Duration timeout) {
    await(timeout, () -> kubernetes.client().resources(StudyGroup.class).inNamespace(NS).list().getItems().stream()
        .filter(done).count() == groups);
  }

  private static void await(Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition);
  }

  private static double reconciliations(PrometheusMeterRegistry registry) {
    return registry.find("operator.sdk.reconciliations.started").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static int calendarWrites(FakeCalendar calendar) {
    return calendar.count(FakeCalendar.INSERT) + calendar.count(FakeCalendar.PATCH) + calendar.count(FakeCalendar.DELETE);
  }

  private record KubeCounts(int writes, int total) {}

  /** Takes every request the mock API server recorded since the last call. */
  private static KubeCounts drain(MockKubernetes kubernetes) throws InterruptedException {
    int writes = 0;
    int total = 0;
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = kubernetes.server().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      total++;
      boolean operatorWrite = "PATCH".equals(r.getMethod()) || "PUT".equals(r.getMethod())
          || ("POST".equals(r.getMethod()) && r.getPath().contains("/events"));
      if (operatorWrite && Boolean.getBoolean("bench.trace")) {
        System.out.println("k8s write: " + r.getMethod() + " " + r.getPath() + " " + r.getBody().readUtf8());
      }
      if (operatorWrite) {
        writes++;
      }
    }
    return new KubeCounts(writes, total);
  }

  private void row(String name, String format, Object value) {
    String text = String.format(Locale.ROOT, format, value);
    rows.put(name, text);
    System.out.println(name + ": " + text);
  }
}
