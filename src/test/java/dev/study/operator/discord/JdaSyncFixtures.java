package dev.study.operator.discord;

import dev.study.operator.status.StatusAssembler;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.testing.SystemRuns;
import dev.study.operator.testing.discord.FakeDiscordExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the JdaDiscordSync ITs share: a group on given channels whose members are these people plus one member
 * with only an email (who gets no access and is not counted), and the counts its report writes into status.
 */
final class JdaSyncFixtures {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private JdaSyncFixtures() {}

  /** A fresh number for a channel or group name. */
  static int next() {
    return GROUPS.incrementAndGet();
  }

  /** One sync of the group, as the reconciler runs it; its message is kept for the token check. */
  static SyncReport sync(DiscordSync sync, GroupContext group, List<String> reportMessages) throws SyncException {
    SyncReport report = SystemRuns.apply(sync, group);
    reportMessages.add(report.message());
    return report;
  }

  /** A new text channel in the guild, once JDA's cache has it. */
  static String newTextChannel(FakeDiscordExtension discord, String guild) {
    String id = discord.fake().addTextChannel(guild, "group-" + next());
    discord.awaitCacheMatchesFake(guild, id);
    return id;
  }

  /** A new voice channel in the guild, once JDA's cache has it. */
  static String newVoiceChannel(FakeDiscordExtension discord, String guild) {
    String id = discord.fake().addVoiceChannel(guild, "voice-" + next());
    discord.awaitCacheMatchesFake(guild, id);
    return id;
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
    // a member with no Discord id gets no access and is not counted
    Member emailOnly = new Member();
    emailOnly.setId("erin");
    emailOnly.setEmail("erin@example.org");
    members.add(emailOnly);
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Cohort 7 - Group " + next());
    spec.setMembers(members);
    spec.setDiscord(target);
    return new GroupContext("uid-" + text, "course", "group-" + text, 1, spec, List.of(), Instant.now(),
        null);
  }

  static int notInGuild(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    return status.getDiscord().getNotInGuild();
  }

  /** members, granted, revoked, unchanged, failed. */
  static List<Integer> counts(SyncReport report) {
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    var d = status.getDiscord();
    return List.of(d.getMembers(), d.getGranted(), d.getRevoked(), d.getUnchanged(), d.getFailed());
  }
}
