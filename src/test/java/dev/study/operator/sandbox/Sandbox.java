package dev.study.operator.sandbox;

import static org.awaitility.Awaitility.await;

import dev.study.operator.OperatorSystems;
import dev.study.operator.StudyGroupOperator;
import dev.study.operator.SystemsFactory;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.testing.CrdValidator;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one-command local environment: fabric8's mock Kubernetes API (with discovery and CRD validation) behind a
 * front that serves kubectl HTTP watches and Tables ({@link ApiFront}), a throwaway PostgreSQL, fake Discord and
 * Calendar servers holding the guild, channels, people and calendars that {@code examples/} name (and, unless
 * the world is strict, whatever a newly applied group names: {@link WorldFollower}), the operator wired exactly as
 * in production ({@link SystemsFactory#fromConfig} from settings pointing at the fakes), and a page showing the
 * fakes' contents ({@link WorldServer}). All on 127.0.0.1.
 *
 * <p>It lives in test code so that no fake ships in the operator's jar. Tests use {@link #start(Options)} and
 * {@link #close()}; the README's command is {@link SandboxMain}.
 */
public final class Sandbox implements AutoCloseable {
  public static final int DEFAULT_PORT = 6443;
  public static final String NAMESPACE = "course";
  static final String BOT_TOKEN = "sandbox-bot-token";

  /** People in the guild who are in no example group yet: the ones to add with the patch recipes. */
  public static final Map<String, String> NEWCOMERS = Map.of(
      "quinn", "181920212223242526",
      "rosa", "192021222324252627");

  private final Options options;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final long startedNanos = System.nanoTime();
  private KubernetesMockServer server;
  private SandboxDispatcher dispatcher;
  private ApiFront front;
  private WorldServer worldServer;
  private final Map<String, String> categoryByGuild = new LinkedHashMap<>();
  private KubernetesClient client;
  private FakeDiscord discord;
  private FakeCalendar calendar;
  private StudyGroupOperator operator;
  private Path kubeconfig;
  private final Map<String, StudyGroup> examples = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param apiPort the mock API server's port on 127.0.0.1, 0 for any free port
   * @param dir where the kubeconfig, the service-account key and the log go
   * @param examplesDir the StudyGroups to apply (their guilds, channels, people and calendars are created)
   * @param resyncInterval the operator's periodic drift check
   * @param applyExamples whether to apply the examples once started (tests apply them with kubectl)
   * @param strictWorld keep the world to what the examples name: a group naming a new channel, person or calendar
   *     then meets the failures production would give (ChannelNotFound, InvalidSpec for a calendar off the list)
   * @param worldPort the world view's port on 127.0.0.1, 0 for any free port
   */
  public record Options(int apiPort, Path dir, Path examplesDir, Duration resyncInterval, boolean applyExamples,
      boolean strictWorld, int worldPort) {
    public static Options defaults() {
      return new Options(DEFAULT_PORT, Path.of("target", "sandbox"), Path.of("examples"), Duration.ofSeconds(60),
          true, false, 0);
    }

    public Options withApiPort(int port) {
      return new Options(port, dir, examplesDir, resyncInterval, applyExamples, strictWorld, worldPort);
    }

    public Options withDir(Path d) {
      return new Options(apiPort, d, examplesDir, resyncInterval, applyExamples, strictWorld, worldPort);
    }

    public Options withExamplesDir(Path d) {
      return new Options(apiPort, dir, d, resyncInterval, applyExamples, strictWorld, worldPort);
    }

    public Options withoutApplyingExamples() {
      return new Options(apiPort, dir, examplesDir, resyncInterval, false, strictWorld, worldPort);
    }

    public Options withStrictWorld() {
      return new Options(apiPort, dir, examplesDir, resyncInterval, applyExamples, true, worldPort);
    }

    public Options withWorldPort(int port) {
      return new Options(apiPort, dir, examplesDir, resyncInterval, applyExamples, strictWorld, port);
    }
  }

  private Sandbox(Options options) {
    this.options = options;
  }

  /** Starts everything and applies the examples; does not wait for them to converge. */
  public static Sandbox start(Options options) {
    Sandbox sandbox = new Sandbox(options);
    try {
      sandbox.startAll();
      return sandbox;
    } catch (Exception e) {
      sandbox.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException("the sandbox did not start", e);
    }
  }

  private void startAll() throws Exception {
    Files.createDirectories(options.dir());
    readExamples();

    CrdValidator validator = CrdValidator.forStudyGroups();
    dispatcher = new SandboxDispatcher(validator);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    closeables.add(server::destroy);
    front = new ApiFront(options.apiPort(), "http://127.0.0.1:" + server.getPort(), dispatcher, Clock.systemUTC());
    closeables.add(front);
    // kubectl goes through the front (HTTP watches, Tables); the operator's client watches over websockets, which
    // only the mock serves, so it reads a kubeconfig of its own that points at the mock, as it would in production
    kubeconfig = writeKubeconfig(options.dir().resolve("kubeconfig"), front.port());
    Path operatorKubeconfig = writeKubeconfig(options.dir().resolve("operator.kubeconfig"), server.getPort());
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(operatorKubeconfig)))
        .build();
    closeables.add(client);
    installCrd(validator);
    for (String namespace : List.of("default", NAMESPACE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
    }

    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    closeables.add(postgres);
    discord = FakeDiscord.start(BOT_TOKEN);
    closeables.add(discord);
    calendar = FakeCalendar.start(Clock.systemUTC());
    closeables.add(calendar);
    ServiceAccountKey key = ServiceAccountKey.write(options.dir(), calendar.tokenUri());
    calendar.trust(key);
    World world = buildWorld();

    Map<String, String> env = new HashMap<>();
    env.put("ALLOWED_DISCORD_GUILDS", String.join(",", world.guilds()));
    // Bringing your own group adds any calendar it names to the world, so every calendar the world can hold is
    // allowed; the strict world allows only the examples', and a new one is InvalidSpec as in production.
    env.put("ALLOWED_CALENDARS", options.strictWorld() ? String.join(",", world.calendars()) : "*");
    env.put("ALLOWED_DISCORD_CATEGORIES", String.join(",", categoryByGuild.values()));
    env.put("RESYNC_INTERVAL", options.resyncInterval().toSeconds() + "s");
    env.put("BACKOFF_BASE", "1s");
    env.put("BACKOFF_CAP", "30s");
    env.put("DISCORD_TOKEN", BOT_TOKEN);
    env.put("DISCORD_API_URL", discord.restBaseUrl());
    env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toAbsolutePath().toString());
    env.put("GOOGLE_CALENDAR_ROOT_URL", calendar.rootUrl());
    // attendees need domain-wide delegation: Google refuses them from a service account acting as itself
    env.put("GOOGLE_IMPERSONATE_USER", "organizer@example.org");
    env.put("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"));
    env.put("DATABASE_USER", "postgres");
    OperatorConfig config = OperatorConfig.load(env);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorSystems systems = SystemsFactory.fromConfig(config, Clock.systemUTC(), registry);
    operator = StudyGroupOperator.start(client, config, systems, Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(), registry);
    closeables.add(operator);
    if (!options.strictWorld()) {
      dispatcher.beforeStudyGroupStored(new WorldFollower(discord, calendar, categoryByGuild,
          systems::channelLocator, System.out));
    }
    WorldSnapshot snapshot = new WorldSnapshot(discord, calendar, postgres.getPostgresDatabase(), this::groups,
        Clock.systemUTC());
    worldServer = new WorldServer(options.worldPort(), snapshot::now, this::respondAsMember);
    closeables.add(worldServer);
    Files.writeString(options.dir().resolve("world-url"), worldServer.url() + "\n");

    if (options.applyExamples()) {
      applyExamples();
    }
  }

  private void applyExamples() throws IOException {
    for (Map.Entry<String, StudyGroup> example : examples.entrySet()) {
      String yaml = Files.readString(options.examplesDir().resolve(example.getKey()));
      try {
        client.resource(yaml).inNamespace(example.getValue().getMetadata().getNamespace()).create();
      } catch (KubernetesClientException e) {
        throw new IllegalStateException(example.getKey() + " was rejected: " + e.getMessage(), e);
      }
    }
  }

  private void readExamples() throws IOException {
    try (Stream<Path> files = Files.list(options.examplesDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          StudyGroup group = Serialization.unmarshal(in, StudyGroup.class);
          if (group.getMetadata().getNamespace() == null) {
            group.getMetadata().setNamespace(NAMESPACE);
          }
          examples.put(file.getFileName().toString(), group);
        }
      }
    }
    if (examples.isEmpty()) {
      throw new IllegalStateException("no StudyGroup examples in " + options.examplesDir().toAbsolutePath());
    }
  }

  private void installCrd(CrdValidator validator) {
    CustomResourceDefinition crd = Serialization.unmarshal(validator.crd().toString(), CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  private record World(Set<String> guilds, Set<String> calendars) {}

  /** The guilds, channels, people and calendars the examples name, with the same ids. */
  private World buildWorld() {
    Set<String> guilds = new LinkedHashSet<>();
    Set<String> calendars = new LinkedHashSet<>();
    Set<String> channels = new LinkedHashSet<>();
    Set<String> people = new LinkedHashSet<>();
    for (StudyGroup group : examples.values()) {
      StudyGroupSpec spec = group.getSpec();
      String name = group.getMetadata().getName();
      if (spec.getDiscord() != null) {
        String guildId = spec.getDiscord().getGuildId();
        if (guilds.add(guildId)) {
          discord.addGuild(guildId, "Study sandbox", FakeDiscord.ADMINISTRATOR);
          NEWCOMERS.forEach((username, id) -> discord.addMember(guildId, id, username));
          // the allowed category (ALLOWED_DISCORD_CATEGORIES): every group's channels sit under it
          categoryByGuild.put(guildId, discord.addCategory(guildId, "study groups"));
        }
        addChannel(channels, guildId, spec.getDiscord().getTextChannelId(), name, false);
        addChannel(channels, guildId, spec.getDiscord().getVoiceChannelId(), name + "-voice", true);
        addChannel(channels, guildId, spec.getDiscord().getReminderChannelId(), name + "-reminders", false);
        for (Member m : spec.getMembers()) {
          if (m.getDiscordUserId() == null || NEWCOMERS.containsValue(m.getDiscordUserId())) {
            continue;
          }
          if (!isSnowflake(m.getDiscordUserId())) {
            // Discord ids are unsigned 64-bit; such a user cannot exist, and JDA would fail on the whole guild
            System.err.println("sandbox: " + name + " member " + m.getId() + " has discordUserId "
                + m.getDiscordUserId() + ", above 2^64-1: no Discord user can have it, so it is not in the guild");
          } else if (people.add(m.getDiscordUserId())) {
            discord.addMember(guildId, m.getDiscordUserId(), m.getId());
          }
        }
      }
      if (spec.getCalendar() != null && calendars.add(spec.getCalendar().getCalendarId())) {
        calendar.addCalendar(spec.getCalendar().getCalendarId());
      }
    }
    return new World(guilds, calendars);
  }

  static boolean isSnowflake(String id) {
    try {
      Long.parseUnsignedLong(id);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void addChannel(Set<String> channels, String guildId, String channelId, String name, boolean voice) {
    if (channelId == null || !channels.add(channelId)) {
      return;
    }
    if (voice) {
      discord.addVoiceChannel(guildId, channelId, name);
    } else {
      discord.addTextChannel(guildId, channelId, name);
    }
    discord.moveToCategory(channelId, categoryByGuild.get(guildId));
  }

  /**
   * A member answers an invitation on the world view. Then the sandbox asks for a reconcile of the group that
   * owns the calendar (the reconcile-requested-at annotation), since the operator reads responses when it syncs
   * and would otherwise only see the answer at its next resync.
   */
  void respondAsMember(String calendarId, String eventId, String email, String responseStatus) {
    calendar.respond(calendarId, eventId, email, responseStatus);
    for (StudyGroup g : groups()) {
      if (g.getSpec().getCalendar() != null && calendarId.equals(g.getSpec().getCalendar().getCalendarId())) {
        client.resources(StudyGroup.class).inNamespace(g.getMetadata().getNamespace())
            .withName(g.getMetadata().getName()).edit(edited -> {
              if (edited.getMetadata().getAnnotations() == null) {
                edited.getMetadata().setAnnotations(new HashMap<>());
              }
              edited.getMetadata().getAnnotations().put("study.dev/reconcile-requested-at",
                  java.time.Instant.now().toString());
              return edited;
            });
      }
    }
  }

  static Path writeKubeconfig(Path file, int port) throws IOException {
    String yaml = String.join("\n",
        "# written by the studygroup-operator sandbox; valid while it runs",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: studygroup-sandbox",
        "  cluster:",
        "    server: http://127.0.0.1:" + port,
        "contexts:",
        "- name: studygroup-sandbox",
        "  context:",
        "    cluster: studygroup-sandbox",
        "    user: studygroup-sandbox",
        "    namespace: " + NAMESPACE,
        "current-context: studygroup-sandbox",
        "users:",
        "- name: studygroup-sandbox",
        "  user: {}",
        "");
    Files.writeString(file, yaml);
    return file;
  }

  // ------------------------------------------------------------------ what tests and main read

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The API server kubectl uses (the front, see {@link ApiFront}). */
  public String apiUrl() {
    return "http://127.0.0.1:" + front.port();
  }

  /** The world view's page; {@code world.json} beside it. */
  public String worldUrl() {
    return worldServer.url();
  }

  /** Rules for tests that need "someone else edited the group first" (see SandboxDispatcher). */
  SandboxDispatcher dispatcher() {
    return dispatcher;
  }

  public KubernetesClient client() {
    return client;
  }

  public FakeDiscord discord() {
    return discord;
  }

  public FakeCalendar calendar() {
    return calendar;
  }

  /** The example StudyGroups as read from their files (file name to group). */
  public Map<String, StudyGroup> examples() {
    return examples;
  }

  public List<StudyGroup> groups() {
    return client.resources(StudyGroup.class).inAnyNamespace().list().getItems();
  }

  public Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * Waits until every example is Ready for its current generation and returns the time since {@link #start}.
   *
   * @throws IllegalStateException after the timeout, naming each group that is not Ready and why
   */
  public Duration awaitExamplesReady(Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> notReady().isEmpty());
      return sinceStart();
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("not Ready after " + timeout.toSeconds() + " s:\n" + String.join("\n",
          notReady()));
    }
  }

  /** One line per example that is not Ready: its name and every condition that is not True. */
  public List<String> notReady() {
    List<String> out = new ArrayList<>();
    Map<String, StudyGroup> current = groups().stream()
        .collect(Collectors.toMap(g -> g.getMetadata().getNamespace() + "/" + g.getMetadata().getName(), g -> g));
    for (StudyGroup example : examples.values()) {
      String name = example.getMetadata().getNamespace() + "/" + example.getMetadata().getName();
      StudyGroup g = current.get(name);
      if (g == null) {
        out.add(name + ": not found");
      } else if (!GroupTable.ready(g)) {
        String why = g.getStatus() == null ? "no status yet" : g.getStatus().getConditions().stream()
            .filter(c -> !"True".equals(c.getStatus()) && !"Ready".equals(c.getType()))
            .map(Sandbox::describe).collect(Collectors.joining("; "));
        out.add(name + ": " + (why.isEmpty() ? "Ready not yet observed for generation "
            + g.getMetadata().getGeneration() : why));
      }
    }
    return out;
  }

  private static String describe(Condition c) {
    return c.getType() + "=" + c.getStatus() + " " + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        System.err.println("sandbox: closing " + closeables.get(i).getClass().getSimpleName() + " failed: " + e);
      }
    }
  }
}
