package dev.study.operator.bench;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.store.Database;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.calendar.ServiceAccountKey;
import dev.study.operator.testing.discord.FakeDiscord;
import dev.study.operator.testing.discord.RecordedRequest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The fakes, the mock API server, PostgreSQL and the groups' outside world. */
final class BenchWorld implements AutoCloseable {
  static final String NS = "bench";
  static final String TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.BeNcH.bench-bot-token-0123456789";
  static final String ORGANIZER = "organizer@example.org";
  static final int MEMBERS = 8;
  static final int MEETINGS = 10;
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");

  final FakeDiscord discord;
  final FakeCalendar calendar;
  final MockKubernetes kubernetes;
  final ServiceAccountKey key;
  final String databaseUrl;
  final String guild;
  final List<StudyGroup> specs = new ArrayList<>();
  private Database database;

  private BenchWorld(FakeDiscord discord, FakeCalendar calendar, MockKubernetes kubernetes, ServiceAccountKey key,
      String databaseUrl, String guild) {
    this.discord = discord;
    this.calendar = calendar;
    this.kubernetes = kubernetes;
    this.key = key;
    this.databaseUrl = databaseUrl;
    this.guild = guild;
  }

  static BenchWorld start(int groups, Path dir, Clock clock) throws Exception {
    FakeDiscord discord = FakeDiscord.start(TOKEN);
    FakeCalendar calendar = FakeCalendar.start(clock);
    MockKubernetes kubernetes = MockKubernetes.start();
    ServiceAccountKey key = ServiceAccountKey.write(dir, calendar.tokenUri());
    calendar.trust(key);
    BenchWorld w = new BenchWorld(discord, calendar, kubernetes, key, TestPostgres.freshJdbcUrl(), discord.addGuild("Bench"));
    LocalDate tomorrow = LocalDate.now(ZoneId.of("Europe/London")).plusDays(1);
    for (int g = 0; g < groups; g++) {
      String channel = discord.addTextChannel(w.guild, "group-" + g);
      String calendarId = "bench-" + g + "@group.calendar.google.com";
      calendar.addCalendar(calendarId);
      StudyGroup group = StudyGroups.group(NS, "group-" + g);
      List<Member> members = new ArrayList<>();
      for (int m = 0; m < MEMBERS; m++) {
        Member member = StudyGroups.member("m" + g + "x" + m);
        member.setDiscordUserId(discord.addMember(w.guild, "m" + g + "x" + m));
        members.add(member);
      }
      group.getSpec().setMembers(members);
      group.getSpec().getSchedule().setFirstMeeting(tomorrow + "T18:00");
      group.getSpec().getSchedule().setCount(MEETINGS);
      group.getSpec().getDiscord().setGuildId(w.guild);
      group.getSpec().getDiscord().setTextChannelId(channel);
      group.getSpec().getCalendar().setCalendarId(calendarId);
      w.specs.add(group);
    }
    kubernetes.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
        .build()).create();
    return w;
  }

  Database database() {
    if (database == null) {
      database = Database.connect(databaseUrl, null, null, null);
    }
    return database;
  }

  /** The operator's writes the mock API server received since the last call: status, finalizer, Events. */
  int drainKubernetes() throws InterruptedException {
    return drainKubernetes(null);
  }

  /** Also counts the Events posted into {@code events[0]} when given. */
  int drainKubernetes(int[] events) throws InterruptedException {
    int writes = 0;
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = kubernetes.server().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      boolean create = "POST".equals(r.getMethod()) && r.getPath().contains("/studygroups");
      boolean write = "PATCH".equals(r.getMethod()) || "PUT".equals(r.getMethod())
          || ("POST".equals(r.getMethod()) && r.getPath().contains("/events"));
      if (events != null && "POST".equals(r.getMethod()) && r.getPath().contains("/events")) {
        events[0]++;
      }
      if (write && !create) {
        writes++;
        if (TRACE) {
          System.out.println("k8s write: " + r.getMethod() + " " + r.getPath() + " " + r.getBody().readUtf8());
        }
      }
    }
    return writes;
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
    kubernetes.close();
    calendar.close();
    discord.close();
  }
}
