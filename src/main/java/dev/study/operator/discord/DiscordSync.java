package dev.study.operator.discord;

import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a group's channels visible to exactly its members: observes the member overwrites from the gateway
 * cache, plans with {@link OverwriteDiff}, and writes one request per changed overwrite. Only the bits the
 * operator grants are its own (see {@link OverwriteDiff}); the bot's own overwrite, and any id in
 * {@code protectedUserIds}, are never touched.
 *
 * <p>A member who is not in the guild yet does not fail the group: their grant is kept where Discord accepts
 * it, and counted as {@code notInGuild}. Revokes always run, even when a grant failed, so that access is taken
 * away even while adding it is impossible; the first failure is reported afterwards.
 */
public final class DiscordSync implements SystemSync<ObservedOverwrites, OverwritePlan> {
  private final DiscordAccess discord;
  private final Set<String> protectedUserIds;

  public DiscordSync(DiscordAccess discord) {
    this(discord, Set.of());
  }

  /** @param protectedUserIds users whose overwrites are never changed, besides the bot itself */
  public DiscordSync(DiscordAccess discord, Set<String> protectedUserIds) {
    this.discord = discord;
    this.protectedUserIds = Set.copyOf(protectedUserIds);
  }

  /** What the writes of one apply did: overwrites written, and the members Discord says are not in the guild. */
  public record Writes(int granted, int revoked, Set<String> notInGuild) {}

  @Override
  public SystemKind kind() {
    return SystemKind.DISCORD;
  }

  @Override
  public ObservedOverwrites observe(GroupContext group) throws SyncException {
    DiscordTarget target = target(group);
    List<ChannelOverwrites> channels = new ArrayList<>();
    try {
      for (ManagedChannel channel : DesiredAccess.channelsOf(target)) {
        channels.add(discord.memberOverwrites(target.getGuildId(), channel.channelId()));
      }
      return ObservedOverwrites.of(channels, untouchable());
    } catch (DiscordFailure e) {
      throw DiscordErrors.toSyncException(e);
    }
  }

  /** The one place that says whose overwrites are never touched: the bot, and the configured protected users. */
  private Set<String> untouchable() throws DiscordFailure {
    Set<String> ids = new LinkedHashSet<>(protectedUserIds);
    ids.add(discord.selfUserId());
    return ids;
  }

  @Override
  public OverwritePlan plan(GroupContext group, ObservedOverwrites observed) {
    return OverwriteDiff.plan(DesiredAccess.of(target(group), group.spec().getMembers()), observed);
  }

  @Override
  public SyncReport apply(GroupContext group, OverwritePlan plan) throws SyncException {
    Writes writes = write(group, plan);
    return report(group, plan, writes, Set.of());
  }

  /**
   * Runs the plan's writes: every revoke, then every grant. Each loop stops at its first failure (so a 5xx storm
   * costs one request, not one per member), but a failed grant never stops a revoke; the revoke failure, else
   * the grant failure, is thrown once both have run.
   *
   * <p>{@link #apply} is this and then {@link #report}; both are public so that the welcome sync can send its
   * welcomes between them, knowing which members Discord said are not in the guild.
   */
  public Writes write(GroupContext group, OverwritePlan plan) throws SyncException {
    String guildId = target(group).getGuildId();
    Set<String> notInGuild = new LinkedHashSet<>();
    int revoked = 0;
    int granted = 0;
    DiscordFailure revokeFailure = null;
    for (OverwritePlan.Revoke revoke : plan.revokes()) {
      try {
        revoke(guildId, revoke);
        revoked++; // already gone counts as revoked: the outcome is the same
      } catch (DiscordFailure e) {
        revokeFailure = e;
        break;
      }
    }
    DiscordFailure grantFailure = null;
    for (OverwritePlan.Grant grant : plan.grants()) {
      if (notInGuild.contains(grant.userId())) {
        continue; // Discord already said this user is not in the guild
      }
      try {
        discord.putMemberOverwrite(guildId, grant.channelId(), grant.userId(), grant.target());
        granted++;
      } catch (DiscordFailure e) {
        if (e.kind() == DiscordFailure.Kind.MEMBER_NOT_IN_GUILD) {
          notInGuild.add(grant.userId());
          continue;
        }
        grantFailure = e;
        break;
      }
    }
    if (revokeFailure != null) {
      throw DiscordErrors.toSyncException(revokeFailure);
    }
    if (grantFailure != null) {
      throw DiscordErrors.toSyncException(grantFailure);
    }
    return new Writes(granted, revoked, notInGuild);
  }

  private void revoke(String guildId, OverwritePlan.Revoke revoke) throws DiscordFailure {
    if (revoke.deletes()) {
      discord.deleteMemberOverwrite(guildId, revoke.channelId(), revoke.userId());
    } else {
      discord.putMemberOverwrite(guildId, revoke.channelId(), revoke.userId(), revoke.keep());
    }
  }

  /**
   * The report of a finished apply. Members not in the guild yet are named and counted, but the group is
   * synced: nothing is wrong with it, and the member's join (GUILD_MEMBER_ADD) brings the next reconcile.
   *
   * @param alsoNotInGuild members found outside the guild elsewhere (before a welcome)
   */
  public SyncReport report(GroupContext group, OverwritePlan plan, Writes writes, Set<String> alsoNotInGuild) {
    Set<String> notInGuild = new LinkedHashSet<>(writes.notInGuild());
    notInGuild.addAll(alsoNotInGuild);
    DiscordStatus counts = new DiscordStatus();
    counts.setMembers(plan.members().size());
    counts.setGranted(writes.granted());
    counts.setRevoked(writes.revoked());
    counts.setUnchanged(plan.unchangedMembers().size());
    counts.setFailed(0);
    counts.setNotInGuild(notInGuild.size());
    String message = "granted " + writes.granted() + ", revoked " + writes.revoked() + ", unchanged "
        + plan.unchangedMembers().size();
    if (!notInGuild.isEmpty()) {
      message += "; " + describe(group, notInGuild);
    }
    return SyncReport.synced(message, new SystemCounts.Discord(counts));
  }

  /** The managed channels, as {@code guildId/channelId}. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return ChannelTarget.of(spec.getDiscord());
  }

  /**
   * Takes the operator's bits back on the given channels, as a plan with no members would: the bot's own and
   * protected overwrites, mutes and bits a person set stay. A channel that is gone is fine; a guild in an
   * outage is not "gone" and fails retryably, so the finalizer waits.
   */
  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    Map<String, Long> requiredByChannel = new HashMap<>();
    if (group.spec().getDiscord() != null) {
      DesiredAccess.channelsOf(group.spec().getDiscord())
          .forEach(c -> requiredByChannel.put(c.channelId(), c.required()));
    }
    for (ChannelTarget channel : ChannelTarget.parse(targets)) {
      long required = requiredByChannel.getOrDefault(channel.channelId(), DiscordPermissions.MANAGED);
      ObservedOverwrites seen;
      try {
        seen = ObservedOverwrites.of(List.of(discord.memberOverwrites(channel.guildId(), channel.channelId())),
            untouchable());
      } catch (DiscordFailure e) {
        if (e.kind() == DiscordFailure.Kind.CHANNEL_NOT_FOUND) {
          continue; // the channel is gone, and its overwrites with it
        }
        throw DiscordErrors.toSyncException(e);
      }
      OverwritePlan plan = OverwriteDiff.cleanup(channel.guildId(),
          List.of(new ManagedChannel(channel.channelId(), required)), seen);
      for (OverwritePlan.Revoke revoke : plan.revokes()) {
        try {
          revoke(channel.guildId(), revoke);
        } catch (DiscordFailure e) {
          if (e.kind() != DiscordFailure.Kind.CHANNEL_NOT_FOUND) {
            throw DiscordErrors.toSyncException(e);
          }
          break; // deleted while we were at it
        }
      }
    }
  }

  private static DiscordTarget target(GroupContext group) {
    DiscordTarget target = group.spec().getDiscord();
    if (target == null) {
      throw new IllegalStateException("group " + group.ref() + " has no spec.discord");
    }
    return target;
  }

  /** Names the members not in the guild by their id in the spec, which people know, along with the Discord id. */
  private static String describe(GroupContext group, Set<String> failedUserIds) {
    List<String> names = new ArrayList<>();
    for (Member m : group.spec().getMembers()) {
      if (failedUserIds.contains(m.getDiscordUserId())) {
        names.add(m.getId() + " (" + m.getDiscordUserId() + ")");
      }
    }
    return failedUserIds.size() == 1
        ? "member " + names.get(0) + " is not in the guild yet"
        : failedUserIds.size() + " members are not in the guild yet: " + String.join(", ", names);
  }
}
