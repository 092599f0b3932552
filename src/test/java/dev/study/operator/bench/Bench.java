package dev.study.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.study.operator.OperatorSystems;
import dev.study.operator.StudyGroupOperator;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.Reminder;
import dev.study.operator.reminders.ReminderMessage;
import dev.study.operator.reminders.ReminderPlan;
import dev.study.operator.reminders.ReminderState;
import dev.study.operator.store.Database;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.RecordedRequest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The benchmark: N groups (default 1,000 x 8 members x 10 meetings) through the production wiring against the
 * mock API server, a real PostgreSQL and the fakes, all on 127.0.0.1. Counts come from the fakes' request logs,
 * filtered by calendar and channel where a figure belongs to one group; CPU is thread CPU time, the operator's
 * threads apart from the fakes' (see {@link ThreadCpu}). Writes {@code target/bench/results.json} (the keys of
 * issue 15), {@code details.json} (what else was measured) and {@code table.md}; see docs/benchmark.md.
 *
 * <pre>mvn -q -Pbench [-Dbench.groups=1000] [-Dbench.resync=60s] [-Dbench.reminders=10000]
 *     [-Dbench.reminderWindow=60s] [-Dbench.applies=20] [-Dbench.jfr=true] [-Dbench.check=true]</pre>
 */
public final class Bench {
  private static final String NS = BenchWorld.NS;
  private static final String TOKEN = BenchWorld.TOKEN;
  private static final int MEMBERS = BenchWorld.MEMBERS;
  private static final int MEETINGS = BenchWorld.MEETINGS;
  /** Held so the level sticks: the mock API server logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final int groups = Integer.getInteger("bench.groups", 1000);
  private final Duration resync = Duration.parse("PT" + System.getProperty("bench.resync", "60s").toUpperCase(Locale.ROOT));
  private final int reminderCount = Integer.getInteger("bench.reminders", 10_000);
  private final Duration reminderWindow = Duration.parse("PT"
      + System.getProperty("bench.reminderWindow", "60s").toUpperCase(Locale.ROOT));
  private final int applies = Integer.getInteger("bench.applies", 20);
  private final boolean jfr = Boolean.getBoolean("bench.jfr");
  private final boolean check = Boolean.getBoolean("bench.check");
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");
  /** The phases to run after the cold one, e.g. {@code resync,heap}; all by default. */
  private final Set<String> phases = Set.of(System.getProperty("bench.phases",
      "resync,heap,oneMember,applyToReady,reminders").split(","));
  private final Path out = Path.of(System.getProperty("bench.out", "target/bench"));

  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> failedPhases = new ArrayList<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final Map<String, String> table = new LinkedHashMap<>();
  private final ThreadGroup fakesGroup = new ThreadGroup("fakes");
  private final ThreadGroup operatorGroup = new ThreadGroup("operator");
  private final ThreadCpu cpu = new ThreadCpu(operatorGroup, fakesGroup);
  /** The latest copy of every group, from the bench's own informer. */
  private final Map<String, StudyGroup> seen = new ConcurrentHashMap<>();
  /** Per group name: the generation waited for and when its Ready was first seen, for apply-to-Ready. */
  private final Map<String, long[]> readyWatch = new ConcurrentHashMap<>();
  /** Per group name: when the informer saw each change to it (System.nanoTime), and when it first synced. */
  private final Map<String, List<Long>> changesSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> firstSynced = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int failures = new Bench().run();
    System.exit(failures == 0 ? 0 : 1);
  }

  private int run() throws Exception {
    for (String key : List.of("groups", "cold.seconds", "cold.groupsPerSecond", "cold.operatorCpuMsPerGroup",
        "cold.kubernetesWritesPerGroup", "cold.discordRequestsPerGroup", "cold.calendarRequestsPerGroup",
        "resync.writesPerGroup", "resync.discordRequestsPerGroup", "resync.calendarRequestsPerGroup",
        "oneMember.discordWrites", "oneMember.calendarRequests",
        "throttled.seconds", "throttled.floorSeconds", "throttled.ratioToFloor", "throttled.discord429",
        "throttled.calendar429", "heap.mibAfterGc", "reminders.due", "reminders.p50Ms", "reminders.p99Ms",
        "reminders.maxMs", "reminders.duplicates", "applyToReady.p50Ms", "applyToReady.p99Ms")) {
      results.put(key, null);
    }
    results.put("commit", commit());
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("groups", groups);
    details.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Clock clock = Clock.systemUTC();
    Path dir = Files.createTempDirectory("sg-bench");
    System.out.printf("bench: %d groups x %d members x %d meetings; starting fakes...%n", groups, MEMBERS, MEETINGS);

    BenchWorld world = inGroup(fakesGroup, () -> BenchWorld.start(groups, dir, clock));
    try (world) {
      Map<String, String> env = new HashMap<>();
      env.put("ALLOWED_DISCORD_GUILDS", "*");
      env.put("ALLOWED_CALENDARS", "*");
      env.put("RESYNC_INTERVAL", System.getProperty("bench.resync", "60s"));
      env.put("DISCORD_TOKEN", TOKEN);
      env.put("DISCORD_API_URL", world.discord.restBaseUrl());
      env.put("DISCORD_GATEWAY_URL", world.discord.gatewayUrl());
      env.put("GOOGLE_APPLICATION_CREDENTIALS", world.key.file().toString());
      env.put("GOOGLE_CALENDAR_ROOT_URL", world.calendar.rootUrl());
      // attendees need domain-wide delegation: Google refuses them from a service account acting as itself
      env.put("GOOGLE_IMPERSONATE_USER", BenchWorld.ORGANIZER);
      // unthrottled: the run under the real limits is another phase (issue 15 item 3)
      env.put("CALENDAR_REQUESTS_PER_MINUTE", "1000000");
      env.put("DISCORD_REQUESTS_PER_SECOND", "1000000");
      env.put("DATABASE_URL", world.databaseUrl);
      System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.env."))
          .forEach(k -> env.put(k.substring("bench.env.".length()), System.getProperty(k)));
      OperatorConfig config = OperatorConfig.load(env);
      details.put("reconcileThreads", config.reconcileThreads());
      details.put("databasePoolSize", config.databasePoolSize());

      Running operator = inGroup(operatorGroup, () -> Running.start(world, config, clock));
      try (operator) {
        SharedIndexInformer<StudyGroup> informer = world.kubernetes.client().resources(StudyGroup.class)
            .inNamespace(NS).inform(new Follower());
        try {
          cold(world, operator);
          phase("resync", () -> resync(world));
          phase("heap", this::heap);
          phase("oneMember", () -> oneMember(world));
          phase("applyToReady", () -> applyToReady(world));
          phase("reminders", () -> reminders(world, config, clock));
        } finally {
          informer.close();
        }
      }
    }
    if (Boolean.getBoolean("bench.throttled")) {
      // its own world, with every limit on (ThrottledRun): 100 groups by default, a floor of about two minutes
      results.putAll(ThrottledRun.run(Integer.getInteger("bench.throttled.groups", 100)).asResults());
    }
    write();
    return check ? checkCounts() : 0;
  }

  // ---------------------------------------------------------------- phases

  private void cold(BenchWorld world, Running operator) throws Exception {
    world.drainKubernetes();
    world.discord.resetCounters();
    world.calendar.resetCounters();
    Recording recording = jfr ? startRecording() : null;
    ThreadCpu.Snapshot before = cpu.snapshot();
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    for (StudyGroup g : world.specs) {
      try {
        world.kubernetes.client().resource(g).create();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        // the client retries a create that timed out (10,000 groups on a loaded machine); the first one landed
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    await(Duration.ofMinutes(60), () -> countSeen(Bench::threeSystemsSynced) == groups);
    double seconds = (System.nanoTime() - t0) / 1e9;
    ThreadCpu.Split split = ThreadCpu.between(before, cpu.snapshot());
    Instant endedAt = Instant.now();
    if (recording != null) {
      stopRecording(recording, startedAt, endedAt);
    }
    // Each group's counts cover its own window, from its creation to a margin after it first synced, so that
    // what its convergence caused afterwards (an echo's reconcile) counts and the resync of groups that
    // converged early does not.
    long margin = Math.min(resync.toNanos() / 2, TimeUnit.SECONDS.toNanos(10));
    long lastSynced = firstSynced.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    await(Duration.ofMinutes(1), () -> System.nanoTime() > lastSynced + margin);
    List<FakeCalendar.Call> calls = world.calendar.calls();
    List<RecordedRequest> discordLog = world.discord.requests();
    Map<String, String> dms = world.discord.directMessageChannels();
    int objectWrites = 0;
    int discordRequests = 0;
    int calendarRequests = 0;
    for (StudyGroup g : world.specs) {
      String name = g.getMetadata().getName();
      long until = firstSynced.get(name) + margin;
      objectWrites += (int) changesSeen.getOrDefault(name, List.of()).stream().filter(t -> t <= until).count();
      discordRequests += GroupCounts.discord(g, discordLog.stream().filter(r -> r.nanos() <= until).toList(), dms)
          .requests();
      calendarRequests += GroupCounts.calendarRequests(g.getSpec().getCalendar().getCalendarId(),
          calls.stream().filter(c -> c.nanos() <= until).toList());
    }
    if (TRACE) {
      StudyGroup g0 = world.specs.get(0);
      Map<String, Integer> routes = new LinkedHashMap<>();
      for (RecordedRequest r : discordLog) {
        if (GroupCounts.discord(g0, List.of(r), dms).requests() == 1) {
          routes.merge(r.route(), 1, Integer::sum);
        }
      }
      System.out.println("trace group-0 routes " + routes);
    }
    int[] events = new int[1];
    world.drainKubernetes(events);
    if (TRACE) {
      world.kubernetes.client().v1().events().inNamespace(NS).list().getItems()
          .forEach(e -> System.out.println("event: " + e.getType() + " " + e.getReason() + " " + e.getMessage()));
    }
    put("cold.seconds", seconds, "cold convergence (s)");
    put("cold.groupsPerSecond", groups / seconds, "groups per second");
    put("cold.operatorCpuMsPerGroup", split.operatorMs() / groups, "cold: operator thread CPU (ms) / group");
    detail("cold.fakesCpuMsPerGroup", split.fakesMs() / groups, "cold: fakes' and harness's thread CPU (ms) / group");
    detail("cold.otherThreadsCpuMsPerGroup", split.otherMs() / groups, "cold: other threads' CPU (ms) / group");
    detail("cold.processCpuMsPerGroup", split.processMs() / groups, "cold: whole process CPU incl. GC, JIT (ms) / group");
    detail("cold.processCpuShareOfMachine", split.processMs() / (split.wallMs() * Runtime.getRuntime().availableProcessors()),
        "cold: process CPU / (wall x cores)");
    detail("cold.loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        "cold: load average at the end");
    put("cold.kubernetesWritesPerGroup", objectWrites / (double) groups,
        "cold: writes to the StudyGroup (finalizer, status) / group, in its window");
    detail("cold.kubernetesEventsPerGroup", events[0] / (double) groups,
        "cold: Kubernetes Events posted / group (whole phase)");
    put("cold.discordRequestsPerGroup", discordRequests / (double) groups,
        "cold: Discord REST requests / group, in its window");
    put("cold.calendarRequestsPerGroup", calendarRequests / (double) groups,
        "cold: Calendar HTTP requests / group, in its window");
    detail("cold.allDiscordRequestsPerGroup", world.discord.restCount() / (double) groups,
        "cold: every Discord REST request in the phase / group");
    detail("cold.allCalendarRequestsPerGroup", world.calendar.httpRequests() / (double) groups,
        "cold: every Calendar HTTP request in the phase / group");
    serialBuckets(world.discord.requests(), seconds);
  }

  /**
   * The Discord routes JDA runs one request at a time (one rate-limit bucket for the whole guild, or for the bot):
   * how many were sent in the cold phase, and what that rate means per group.
   */
  private void serialBuckets(List<RecordedRequest> log, double seconds) {
    Map<String, Integer> byRoute = new LinkedHashMap<>();
    for (RecordedRequest r : log) {
      byRoute.merge(r.route(), 1, Integer::sum);
    }
    details.put("cold.discordRequestsByRoute", byRoute);
    if (TRACE) {
      log.stream().filter(r -> r.method().equals("GET")).limit(2).forEach(r -> System.out.println("trace GET " + r.path()));
    }
    System.out.println("cold: Discord requests by route: " + byRoute);
  }

  private void resync(BenchWorld world) throws Exception {
    // The first resync after the cold reconcile still rewrites the counts in status (docs/design.md); count the
    // second. A group was resynced once its calendar was listed again: every reconcile lists it once.
    // Two rounds are skipped, as the old bench did: with a 10 s interval, one skipped round did not always hold
    // every group's first resync (0.6 status writes a group in the counted round, seen at 50 groups).
    awaitRound(world, Duration.ofMinutes(30));
    awaitRound(world, Duration.ofMinutes(30));
    world.drainKubernetes();
    world.discord.resetCounters();
    world.calendar.resetCounters();
    ThreadCpu.Snapshot before = cpu.snapshot();
    awaitRound(world, Duration.ofMinutes(30));
    ThreadCpu.Split split = ThreadCpu.between(before, cpu.snapshot());
    List<FakeCalendar.Call> calls = world.calendar.calls();
    List<RecordedRequest> discordLog = world.discord.requests();
    Map<String, String> dms = world.discord.directMessageChannels();
    int kubeWrites = world.drainKubernetes();
    int discordRequests = 0;
    int discordWrites = 0;
    int calendarRequests = 0;
    int calendarWrites = 0;
    for (StudyGroup g : world.specs) {
      GroupCounts.Discord d = GroupCounts.discord(g, discordLog, dms);
      discordRequests += d.requests();
      discordWrites += d.writes();
      calendarRequests += GroupCounts.calendarRequests(g.getSpec().getCalendar().getCalendarId(), calls);
      calendarWrites += GroupCounts.calendarWrites(g.getSpec().getCalendar().getCalendarId(), calls);
    }
    put("resync.writesPerGroup", (kubeWrites + discordWrites + calendarWrites) / (double) groups,
        "resync: writes (Kubernetes, Discord, Calendar) / group");
    put("resync.discordRequestsPerGroup", discordRequests / (double) groups, "resync: Discord REST requests / group");
    put("resync.calendarRequestsPerGroup", calendarRequests / (double) groups, "resync: Calendar HTTP requests / group");
    detail("resync.operatorCpuMsPerGroup", split.operatorMs() / groups, "resync: operator thread CPU (ms) / group");
    detail("resync.peakCalendarRequestsPerMinute", peakPerMinute(calls), "resync: most Calendar calls in any 60 s");
    detail("resync.roundSeconds", split.wallMs() / 1000, "resync: one round took (s)");
  }

  /** Waits until every group's calendar has been listed since now. */
  private void awaitRound(BenchWorld world, Duration timeout) {
    world.calendar.resetCounters();
    Set<String> calendars = new HashSet<>();
    world.specs.forEach(g -> calendars.add(g.getSpec().getCalendar().getCalendarId()));
    await(timeout, () -> {
      Set<String> listed = new HashSet<>();
      for (FakeCalendar.Call c : world.calendar.calls()) {
        if (c.kind().equals(FakeCalendar.LIST)) {
          listed.add(c.calendarId());
        }
      }
      return listed.containsAll(calendars);
    });
  }

  private static long peakPerMinute(List<FakeCalendar.Call> calls) {
    long peak = 0;
    int from = 0;
    for (int i = 0; i < calls.size(); i++) {
      while (calls.get(i).nanos() - calls.get(from).nanos() > TimeUnit.SECONDS.toNanos(60)) {
        from++;
      }
      peak = Math.max(peak, i - from + 1);
    }
    return peak;
  }

  private void heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    put("heap.mibAfterGc", used / (1024.0 * 1024.0), "heap after convergence and a full GC (MiB, whole JVM: fakes too)");
  }

  private void oneMember(BenchWorld world) throws Exception {
    StudyGroup first = world.specs.get(0);
    String name = first.getMetadata().getName();
    world.discord.resetCounters();
    world.calendar.resetCounters();
    String newcomer = world.discord.addMember(world.guild, "newcomer");
    long generation = addMember(world, name, newcomer, "newcomer");
    await(Duration.ofMinutes(2), () -> readyAt(name, generation));
    // whatever the change brings after Ready (an echo's reconcile, if any) belongs to it: wait until quiet
    String calendarId = first.getSpec().getCalendar().getCalendarId();
    StudyGroup now = seen.get(name);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(new QuietFor(() -> GroupCounts.calendarRequests(calendarId, world.calendar.calls())
            + GroupCounts.discord(now, world.discord.requests(), world.discord.directMessageChannels()).requests(),
            Duration.ofSeconds(2)));
    GroupCounts.Discord d = GroupCounts.discord(now, world.discord.requests(), world.discord.directMessageChannels());
    put("oneMember.discordWrites", d.writes(), "one-member change: Discord writes (this group)");
    put("oneMember.calendarRequests", GroupCounts.calendarRequests(calendarId, world.calendar.calls()),
        "one-member change: Calendar HTTP requests (this calendar)");
    detail("oneMember.calendarWrites", GroupCounts.calendarWrites(calendarId, world.calendar.calls()),
        "one-member change: Calendar event writes (this calendar)");
    detail("oneMember.allCalendarRequestsInWindow", world.calendar.httpRequests(),
        "one-member change: Calendar HTTP requests of every group in the same window");
  }

  private void applyToReady(BenchWorld world) throws Exception {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < Math.min(applies, groups - 1); i++) {
      String name = world.specs.get(i + 1).getMetadata().getName();
      String user = world.discord.addMember(world.guild, "late-" + i);
      long t0 = System.nanoTime();
      long generation = addMember(world, name, user, "late-" + i);
      await(Duration.ofMinutes(1), () -> readyAt(name, generation));
      millis.add((readyWatch.get(name)[1] - t0) / 1e6);
    }
    if (!millis.isEmpty()) {
      put("applyToReady.p50Ms", percentile(millis, 0.50), "apply to Ready, one member added, warm (ms) p50");
      put("applyToReady.p99Ms", percentile(millis, 0.99), "apply to Ready (ms) p99");
      detail("applyToReady.samples", millis.size(), "apply to Ready: changes measured");
    }
  }

  /**
   * {@code reminderCount} reminders due evenly over {@code reminderWindow}, on the groups' channels, fired by two
   * dispatchers sharing the database: the operator's own and a second instance's (its own Discord session and
   * pool, as a second replica has). The lag is the fake Discord's arrival time minus the due time.
   */
  private void reminders(BenchWorld world, OperatorConfig config, Clock clock) throws Exception {
    if (reminderCount == 0) {
      return;
    }
    Running second = inGroup(operatorGroup, () -> Running.secondDispatcher(config, clock));
    try (second) {
      JdbiReminderStore store = new JdbiReminderStore(world.database());
      Instant base = clock.instant().plusSeconds(5);
      Map<String, Instant> dueByNonce = new HashMap<>();
      List<Reminder> due = new ArrayList<>();
      long step = reminderWindow.toNanos() / reminderCount;
      for (int i = 0; i < reminderCount; i++) {
        StudyGroup g = world.specs.get(i % groups);
        Instant at = base.plusNanos(step * i);
        Reminder r = new Reminder("bench-reminder-" + i, 1, "1m", NS, "bench", "bench",
            g.getSpec().getDiscord().getGuildId(), g.getSpec().getDiscord().getTextChannelId(),
            at.plusSeconds(3600), at, "", ReminderState.pending);
        due.add(r);
        dueByNonce.put(ReminderMessage.nonce(r.key()), at);
      }
      world.discord.resetCounters();
      store.apply(ReminderPlan.creating(due));
      AtomicReference<Map<String, List<Instant>>> sends = new AtomicReference<>(Map.of());
      await(reminderWindow.plusMinutes(5), () -> {
        sends.set(sendsByNonce(world.discord.requests(), dueByNonce.keySet()));
        return sends.get().size() == reminderCount;
      });
      List<Double> lags = new ArrayList<>();
      int duplicates = 0;
      for (Map.Entry<String, List<Instant>> e : sends.get().entrySet()) {
        lags.add(Duration.between(dueByNonce.get(e.getKey()), e.getValue().get(0)).toNanos() / 1e6);
        duplicates += e.getValue().size() - 1;
      }
      put("reminders.due", reminderCount, "reminders due (two dispatchers)");
      put("reminders.p50Ms", percentile(lags, 0.50), "reminder lag p50 (ms)");
      put("reminders.p99Ms", percentile(lags, 0.99), "reminder lag p99 (ms)");
      put("reminders.maxMs", percentile(lags, 1.0), "reminder lag max (ms)");
      put("reminders.duplicates", duplicates, "reminders sent more than once");
      detail("reminders.windowSeconds", reminderWindow.toSeconds(), "reminders: due within (s)");
    }
  }

  private static Map<String, List<Instant>> sendsByNonce(List<RecordedRequest> log, Set<String> nonces) {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<Instant>> out = new HashMap<>();
    for (RecordedRequest r : log) {
      if (!r.method().equals("POST") || !r.path().endsWith("/messages") || r.body() == null || r.status() >= 300) {
        continue;
      }
      try {
        String nonce = json.readTree(r.body()).path("nonce").asText(null);
        if (nonce != null && nonces.contains(nonce)) {
          out.computeIfAbsent(nonce, n -> new ArrayList<>()).add(r.at());
        }
      } catch (java.io.IOException e) {
        // not JSON: not a message of ours
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private interface Phase {
    void run() throws Exception;
  }

  /** Runs a phase asked for; one that fails leaves its keys null, is named in details.json, and fails the check. */
  private void phase(String name, Phase phase) {
    if (!phases.contains(name)) {
      return;
    }
    try {
      phase.run();
    } catch (Exception | AssertionError e) {
      failedPhases.add(name);
      details.put("failedPhases", failedPhases);
      System.out.println("bench: phase " + name + " failed: " + e);
    }
  }

  private long addMember(BenchWorld world, String name, String discordUserId, String id) {
    StudyGroup edited = world.kubernetes.client().resources(StudyGroup.class).inNamespace(NS).withName(name)
        .edit(x -> {
          Member m = StudyGroups.member(id);
          m.setDiscordUserId(discordUserId);
          x.getSpec().getMembers().add(m);
          return x;
        });
    long generation = edited.getMetadata().getGeneration();
    readyWatch.put(name, new long[] {generation, 0});
    // the informer may have seen it already
    StudyGroup latest = seen.get(name);
    if (latest != null) {
      noteReady(latest);
    }
    return generation;
  }

  private boolean readyAt(String name, long generation) {
    long[] w = readyWatch.get(name);
    return w != null && w[0] == generation && w[1] != 0;
  }

  private void noteReady(StudyGroup g) {
    long[] w = readyWatch.get(g.getMetadata().getName());
    if (w != null && w[1] == 0 && g.getStatus() != null && g.getMetadata().getGeneration() == w[0]
        && g.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
            && "True".equals(c.getStatus()) && c.getObservedGeneration() != null && c.getObservedGeneration() == w[0])) {
      w[1] = System.nanoTime();
    }
  }

  /** The bench's own informer: the latest copy of every group, and when a watched change turned Ready. */
  private final class Follower implements ResourceEventHandler<StudyGroup> {
    @Override
    public void onAdd(StudyGroup g) {
      seen.put(g.getMetadata().getName(), g);
      noteReady(g);
      if (threeSystemsSynced(g)) {
        firstSynced.putIfAbsent(g.getMetadata().getName(), System.nanoTime());
      }
    }

    @Override
    public void onUpdate(StudyGroup old, StudyGroup g) {
      if (!old.getMetadata().getResourceVersion().equals(g.getMetadata().getResourceVersion())) {
        changesSeen.computeIfAbsent(g.getMetadata().getName(), n -> java.util.Collections.synchronizedList(
            new ArrayList<>())).add(System.nanoTime());
      }
      onAdd(g);
      if (TRACE && g.getMetadata().getName().equals("group-7") && g.getStatus() != null) {
        System.out.println("trace group-7 rv " + g.getMetadata().getResourceVersion() + " finalizers "
            + g.getMetadata().getFinalizers() + " discord " + (g.getStatus().getDiscord() == null ? null
                : g.getStatus().getDiscord().getGranted() + "/" + g.getStatus().getDiscord().getUnchanged())
            + " " + g.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/"
                + c.getReason()).toList());
      }
    }

    @Override
    public void onDelete(StudyGroup g, boolean unknown) {
      seen.remove(g.getMetadata().getName());
    }
  }

  private long countSeen(Predicate<StudyGroup> p) {
    return seen.values().stream().filter(p).count();
  }

  private static boolean threeSystemsSynced(StudyGroup g) {
    if (g.getStatus() == null) {
      return false;
    }
    return List.of("DiscordSynced", "CalendarSynced", "RemindersSynced").stream()
        .allMatch(t -> g.getStatus().getConditions().stream()
            .anyMatch(c -> t.equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void await(Duration timeout, Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition);
  }

  /** True once the counter has not moved for the given time. */
  private static final class QuietFor implements Callable<Boolean> {
    private final Callable<Integer> counter;
    private final long quietNanos;
    private int last = -1;
    private long since;

    QuietFor(Callable<Integer> counter, Duration quiet) {
      this.counter = counter;
      this.quietNanos = quiet.toNanos();
    }

    @Override
    public Boolean call() throws Exception {
      int now = counter.call();
      if (now != last) {
        last = now;
        since = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since >= quietNanos;
    }
  }

  /** Runs the work on a new thread of the group, so that every thread it starts is counted in that group. */
  private static <T> T inGroup(ThreadGroup group, Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread t = new Thread(group, () -> {
      try {
        result.set(work.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, group.getName() + "-start");
    t.start();
    t.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  private Recording startRecording() throws Exception {
    Recording r = new Recording(Configuration.getConfiguration("profile"));
    r.start();
    return r;
  }

  private void stopRecording(Recording r, Instant from, Instant to) throws Exception {
    r.stop();
    Files.createDirectories(out);
    Path file = out.resolve("cold.jfr");
    r.dump(file);
    r.close();
    try (java.io.PrintStream print = new java.io.PrintStream(out.resolve("cold-profile.txt").toFile(), "UTF-8")) {
      JfrSummary.read(file, from, to).print(print, 20);
    }
    System.out.println("cold: flight recording in " + file + ", summary in " + out.resolve("cold-profile.txt"));
  }

  private void put(String key, Number value, String label) {
    results.put(key, round(value));
    row(label, value);
  }

  private void detail(String key, Number value, String label) {
    details.put(key, round(value));
    row(label, value);
  }

  private static Number round(Number value) {
    if (value instanceof Double d) {
      return Math.round(d * 100) / 100.0;
    }
    return value;
  }

  private void row(String label, Number value) {
    String text = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
    table.put(label, text);
    System.out.println(label + ": " + text);
  }

  private void write() throws Exception {
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(out.resolve("results.json").toFile(), results);
    json.writeValue(out.resolve("details.json").toFile(), details);
    StringBuilder md = new StringBuilder("| measure | value |\n|---|---|\n");
    table.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Files.writeString(out.resolve("table.md"), md);
    System.out.println();
    System.out.print(md);
    System.out.println("bench: wrote " + out.resolve("results.json"));
  }

  /** What CI asserts: counts only, never times. */
  private int checkCounts() {
    int failures = failedPhases.size();
    failures += expect("resync.writesPerGroup", 0.0);
    failures += expect("reminders.duplicates", 0);
    return failures;
  }

  private int expect(String key, Number wanted) {
    Object got = results.get(key);
    boolean ok = got instanceof Number n && n.doubleValue() == wanted.doubleValue();
    System.out.println("bench check: " + key + " = " + got + (ok ? " (ok)" : " (expected " + wanted + ")"));
    return ok ? 0 : 1;
  }

  private static String commit() {
    String given = System.getProperty("bench.commit");
    if (given != null) {
      return given;
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String id = new String(p.getInputStream().readAllBytes()).trim();
      String dirty = new String(new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
          .start().getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? id + (dirty.isEmpty() ? "" : "-dirty") : null;
    } catch (Exception e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- the world and the operator

  /** An operator instance: its own Kubernetes client, systems and, unless it only dispatches reminders, JOSDK. */
  private static final class Running implements AutoCloseable {
    private final List<AutoCloseable> parts = new ArrayList<>();

    static Running start(BenchWorld world, OperatorConfig config, Clock clock) throws Exception {
      Running r = new Running();
      // a client of its own, so its HTTP threads are the operator's
      KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(world.kubernetes.client().getConfiguration()).build();
      var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OperatorSystems systems = SystemsFactory.fromConfig(config, clock, registry);
      awaitDiscord(systems);
      StudyGroupOperator operator = StudyGroupOperator.start(client, config, systems, clock,
          () -> ThreadLocalRandom.current().nextDouble(), registry);
      r.parts.add(operator);
      r.parts.add(client);
      return r;
    }

    /** A second replica's systems: the reminder dispatcher runs; without JOSDK nothing reconciles. */
    static Running secondDispatcher(OperatorConfig config, Clock clock) throws Exception {
      Running r = new Running();
      OperatorSystems systems = SystemsFactory.fromConfig(config, clock,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      awaitDiscord(systems);
      r.parts.addAll(systems.resources());
      return r;
    }

    private static void awaitDiscord(OperatorSystems systems) throws InterruptedException {
      systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
          .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow().awaitSession(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
      for (AutoCloseable p : parts) {
        try {
          p.close();
        } catch (Exception e) {
          System.out.println("bench: closing " + p.getClass().getSimpleName() + " failed: " + e);
        }
      }
    }
  }
}
