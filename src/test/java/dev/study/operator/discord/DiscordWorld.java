package dev.study.operator.discord;

import dev.study.operator.testing.SystemRuns;
import dev.study.operator.status.StatusAssembler;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.discord.FakeDiscord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** What the focused Discord ITs share: building groups, and waiting until JDA's cache shows the fake's state. */
final class DiscordWorld {
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private DiscordWorld() {}

  static SyncReport sync(DiscordSync sync, GroupContext group) throws SyncException {
    return SystemRuns.apply(sync, group);
  }

  /** New people in the guild, by spec member id, in order. */
  static Map<String, String> people(FakeDiscord fake, String guildId, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, fake.addMember(guildId, name));
    }
    return out;
  }

  static GroupContext group(String guildId, String text, String voice, Map<String, String> people) {
    DiscordTarget target = new DiscordTarget();
    target.setGuildId(guildId);
    target.setTextChannelId(text);
    target.setVoiceChannelId(voice);
    List<Member> members = new ArrayList<>();
    people.forEach((id, discordId) -> {
      Member m = new Member();
      m.setId(id);
      m.setDiscordUserId(discordId);
      members.add(m);
    });
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Cohort 7 - Group " + GROUPS.incrementAndGet());
    spec.setMembers(members);
    spec.setDiscord(target);
    return new GroupContext("uid-" + text, "course", "group-" + text, 1, spec, List.of(), Instant.now(),
        null);
  }

  static StudyGroupStatus status(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    return status;
  }

  /** Waits until JDA's cache shows the fake's member overwrites on the channel, as the gateway delivers them. */
  static void awaitCacheMatchesFake(FakeDiscord fake, DiscordAccess access, String guildId, String channelId) {
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      Map<String, List<Long>> seen = access.memberOverwrites(guildId, channelId).members().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue().allow(), e.getValue().deny())));
      Map<String, List<Long>> truth = fake.memberOverwrites(channelId).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> Arrays.stream(e.getValue()).boxed().toList()));
      return seen.equals(truth);
    });
  }
}
