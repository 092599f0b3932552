package dev.study.operator.faults;

import dev.study.operator.api.Member;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.Reminder;
import dev.study.operator.store.Database;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.RecordedRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an operator process talks to, all in the test JVM: the mock API server (reached through a kubeconfig
 * file, as the image reads KUBECONFIG), the fake Discord and Calendar, and a fresh schema on the real
 * PostgreSQL. Unlike {@link FullStack} it runs on the wall clock, since a child process's clock cannot be moved:
 * groups meet within the hour so that a reminder is due at once.
 */
final class WallClockWorld implements AutoCloseable {
  static final String NS = "course";
  final MockKubernetes kubernetes = MockKubernetes.start();
  final FakeDiscord discord = FakeDiscord.start(FullStack.TOKEN);
  final FakeCalendar calendar;
  final String guild;
  final String text;
  final String databaseUrl = TestPostgres.freshJdbcUrl();
  private final Path dir;
  private final ServiceAccountKey key;
  private final Path kubeconfig;
  private Database database;

  WallClockWorld(Path dir) throws IOException {
    this.dir = dir;
    guild = discord.addGuild("Study", FakeDiscord.LEAST_PRIVILEGE);
    text = discord.addTextChannel(guild, "cohort7-group3");
    calendar = FakeCalendar.start(Clock.systemUTC()).addCalendar(FullStack.CALENDAR);
    key = ServiceAccountKey.write(dir, calendar.tokenUri());
    calendar.trust(key);
    kubeconfig = writeKubeconfig(dir.resolve("kubeconfig"), kubernetes.server().getPort());
  }

  /** The environment of the image: nothing else reaches the child. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("WATCH_NAMESPACES", NS);
    env.put("ALLOWED_DISCORD_GUILDS", guild);
    env.put("ALLOWED_CALENDARS", FullStack.CALENDAR);
    env.put("BACKOFF_BASE", "1s");
    env.put("BACKOFF_CAP", "10s");
    env.put("RESYNC_INTERVAL", "10m");
    env.put("DISCORD_TOKEN", FullStack.TOKEN);
    env.put("DISCORD_API_URL", discord.restBaseUrl());
    env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toString());
    env.put("GOOGLE_CALENDAR_ROOT_URL", calendar.rootUrl());
    env.put("GOOGLE_IMPERSONATE_USER", "organizer@example.org");
    env.put("DATABASE_URL", databaseUrl);
    env.put("REMINDER_POLL_INTERVAL", "100ms");
    env.put("HTTP_PORT", "0");
    return env;
  }

  Path dir() {
    return dir;
  }

  KubernetesClient client() {
    return kubernetes.client();
  }

  StudyGroup get(String name) {
    return client().resources(StudyGroup.class).inNamespace(NS).withName(name).get();
  }

  /**
   * A group of new guild members on the world's channel and calendar. Meeting 1 starts 30 minutes from now
   * (UTC), so its 1h reminder is already due; meeting 2 is a week later.
   */
  StudyGroup group(String name, int members, int meetings) {
    return group(name, members, meetings, text);
  }

  /** The same, on a text channel of the group's own (one channel cannot serve two groups). */
  StudyGroup groupOnOwnChannel(String name, int members, int meetings) {
    return group(name, members, meetings, discord.addTextChannel(guild, name));
  }

  private StudyGroup group(String name, int members, int meetings, String channel) {
    String[] ids = new String[members];
    for (int i = 0; i < members; i++) {
      ids[i] = "m" + i;
    }
    StudyGroup g = StudyGroups.group(NS, name, ids);
    for (Member m : g.getSpec().getMembers()) {
      m.setDiscordUserId(discord.addMember(guild, name + "-" + m.getId()));
    }
    Schedule s = g.getSpec().getSchedule();
    s.setTimeZone("Etc/UTC");
    s.setFirstMeeting(LocalDateTime.ofInstant(Instant.now().plus(30, ChronoUnit.MINUTES), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MINUTES).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
    s.setCount(meetings);
    g.getSpec().getDiscord().setGuildId(guild);
    g.getSpec().getDiscord().setTextChannelId(channel);
    g.getSpec().getCalendar().setCalendarId(FullStack.CALENDAR);
    return g;
  }

  List<Reminder> reminders(String groupUid) throws Exception {
    if (database == null) {
      database = Database.connect(databaseUrl, null, null, null);
    }
    return new JdbiReminderStore(database).forGroup(groupUid);
  }

  /**
   * Ends every reminder claim's lease now. The lease (two minutes) runs on the dead child's wall clock; this
   * stands for those two minutes passing, well inside Discord's few-minute nonce window the resend relies on.
   */
  int expireReminderLeases() throws Exception {
    try (var c = java.sql.DriverManager.getConnection(databaseUrl); var st = c.createStatement()) {
      return st.executeUpdate("UPDATE reminder SET lease_until = now() - interval '1 second'"
          + " WHERE claimed_by IS NOT NULL");
    }
  }

  /** Targets that got more than one answered PUT overwrite: a write the operator did twice. */
  Map<String, Long> repeatedOverwritePuts() {
    return discord.requests(r -> r.route().equals("PUT /channels/{id}/permissions/{target}") && r.status() == 204)
        .stream().collect(Collectors.groupingBy(RecordedRequest::path, Collectors.counting()))
        .entrySet().stream().filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Live events by start time: more than one at a start is a duplicate event. */
  Map<Object, Long> liveEventsByStart() {
    return calendar.liveEvents(FullStack.CALENDAR).stream()
        .collect(Collectors.groupingBy(e -> String.valueOf(e.get("start")), Collectors.counting()));
  }

  /** Direct messages per member: the welcome DM must come once. */
  Map<String, Integer> welcomesPerMember(StudyGroup g) {
    return g.getSpec().getMembers().stream().collect(Collectors.toMap(Member::getDiscordUserId,
        m -> discord.directMessages(m.getDiscordUserId()).size(), (a, b) -> a));
  }

  private static Path writeKubeconfig(Path file, int port) throws IOException {
    Files.writeString(file, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: http://127.0.0.1:" + port,
        "contexts:",
        "- name: mock",
        "  context:",
        "    cluster: mock",
        "    user: mock",
        "    namespace: " + NS,
        "current-context: mock",
        "users:",
        "- name: mock",
        "  user: {}",
        ""));
    return file;
  }

  /** Who holds the Lease of that name now, or null. */
  String leaseHolder(String leaseName) {
    io.fabric8.kubernetes.api.model.coordination.v1.Lease lease =
        client().leases().inNamespace(NS).withName(leaseName).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The groups that are Ready now. */
  int readyCount() {
    return (int) client().resources(StudyGroup.class).inNamespace(NS).list().getItems().stream()
        .filter(g -> g.getStatus() != null && dev.study.operator.testing.OperatorHarness
            .hasCondition("Ready", "True", dev.study.operator.sync.Reasons.READY).test(g)).count();
  }

  /** The reminders of every group that PostgreSQL records as sent. */
  long sentReminders() throws Exception {
    long sent = 0;
    for (StudyGroup g : client().resources(StudyGroup.class).inNamespace(NS).list().getItems()) {
      for (Reminder r : reminders(g.getMetadata().getUid())) {
        sent += r.state() == dev.study.operator.reminders.ReminderState.sent ? 1 : 0;
      }
    }
    return sent;
  }

  @Override
  public void close() {
    discord.close();
    calendar.close();
    kubernetes.close();
    if (database != null) {
      database.close();
    }
  }
}
