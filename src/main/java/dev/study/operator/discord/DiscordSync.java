package dev.study.operator.discord;

import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.reconcile.SyncException;
import dev.study.operator.reconcile.SyncReport;
import dev.study.operator.reconcile.SystemKind;
import dev.study.operator.reconcile.SystemSync;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a group's channels visible to exactly its members: observes the member overwrites from the gateway
 * cache, plans with {@link OverwriteDiff}, and writes one request per changed overwrite. A member Discord does
 * not know fails alone; every other failure stops the sync with a reason.
 */
public final class DiscordSync implements SystemSync<ObservedOverwrites, DiscordPlan> {
  private final DiscordAccess discord;

  public DiscordSync(DiscordAccess discord) {
    this.discord = discord;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.DISCORD;
  }

  @Override
  public ObservedOverwrites observe(GroupContext group) throws SyncException {
    DiscordTarget target = target(group);
    List<ChannelOverwrites> channels = new ArrayList<>();
    for (ManagedChannel channel : DesiredAccess.channelsOf(target)) {
      try {
        channels.add(discord.memberOverwrites(target.getGuildId(), channel.channelId()));
      } catch (DiscordFailure e) {
        throw toSyncException(e);
      }
    }
    return ObservedOverwrites.of(channels);
  }

  @Override
  public DiscordPlan plan(GroupContext group, ObservedOverwrites observed) {
    return OverwriteDiff.plan(DesiredAccess.of(target(group), group.spec().getMembers()), observed);
  }

  @Override
  public SyncReport apply(GroupContext group, DiscordPlan plan) throws SyncException {
    String guildId = target(group).getGuildId();
    Set<String> failedMembers = new LinkedHashSet<>();
    int granted = 0;
    int revoked = 0;
    try {
      for (DiscordPlan.Grant grant : plan.grants()) {
        if (failedMembers.contains(grant.userId())) {
          continue; // Discord already said this user is not in the guild
        }
        try {
          discord.putMemberOverwrite(guildId, grant.channelId(), grant.userId(), grant.target());
          granted++;
        } catch (DiscordFailure e) {
          if (e.kind() != DiscordFailure.Kind.MEMBER_NOT_IN_GUILD) {
            throw e;
          }
          failedMembers.add(grant.userId());
        }
      }
      for (DiscordPlan.Revoke revoke : plan.revokes()) {
        discord.deleteMemberOverwrite(guildId, revoke.channelId(), revoke.userId());
        revoked++; // already gone counts as revoked: the outcome is the same
      }
    } catch (DiscordFailure e) {
      throw toSyncException(e);
    }

    DiscordStatus counts = new DiscordStatus();
    counts.setMembers(plan.members().size());
    counts.setGranted(granted);
    counts.setRevoked(revoked);
    counts.setUnchanged(plan.unchangedMembers().size());
    counts.setFailed(failedMembers.size());
    SyncReport.StatusContribution contribution = status -> status.setDiscord(counts);

    if (!failedMembers.isEmpty()) {
      return SyncReport.partial(DiscordReasons.MEMBER_NOT_IN_GUILD,
          describe(group, failedMembers) + "; the other members are synced", contribution);
    }
    return SyncReport.synced("granted " + granted + ", revoked " + revoked + ", unchanged "
        + plan.unchangedMembers().size(), contribution);
  }

  /** The managed channels, as {@code guildId/channelId}. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return ChannelTarget.of(spec.getDiscord());
  }

  /** Removes every member overwrite on the given channels; a channel or overwrite already gone is fine. */
  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    for (ChannelTarget channel : ChannelTarget.parse(targets)) {
      try {
        ChannelOverwrites seen = discord.memberOverwrites(channel.guildId(), channel.channelId());
        for (String userId : new TreeMap<>(seen.members()).keySet()) {
          discord.deleteMemberOverwrite(channel.guildId(), channel.channelId(), userId);
        }
      } catch (DiscordFailure e) {
        if (e.kind() != DiscordFailure.Kind.CHANNEL_NOT_FOUND) {
          throw toSyncException(e);
        }
        // the channel is gone, and its overwrites with it
      }
    }
  }

  static SyncException toSyncException(DiscordFailure e) {
    return switch (e.kind()) {
      case CHANNEL_NOT_FOUND -> SyncException.permanent(DiscordReasons.CHANNEL_NOT_FOUND, e.getMessage(), e);
      case MISSING_PERMISSIONS -> SyncException.permanent(DiscordReasons.MISSING_PERMISSIONS, e.getMessage(), e);
      case UNAUTHORIZED -> SyncException.permanent(DiscordReasons.UNAUTHORIZED, e.getMessage(), e);
      case GATEWAY_UNAVAILABLE -> SyncException.retryable(DiscordReasons.GATEWAY_UNAVAILABLE, e.getMessage(), e);
      case SERVER_ERROR -> SyncException.retryable(DiscordReasons.DISCORD_ERROR, e.getMessage(), e);
      case MEMBER_NOT_IN_GUILD -> SyncException.retryable(DiscordReasons.MEMBER_NOT_IN_GUILD, e.getMessage(), e);
      case OVERWRITE_NOT_FOUND, REJECTED -> SyncException.permanent(DiscordReasons.DISCORD_ERROR, e.getMessage(), e);
    };
  }

  private static DiscordTarget target(GroupContext group) {
    DiscordTarget target = group.spec().getDiscord();
    if (target == null) {
      throw new IllegalStateException("group " + group.ref() + " has no spec.discord");
    }
    return target;
  }

  /** Names failed members by their id in the spec, which people know, along with the Discord id. */
  private static String describe(GroupContext group, Set<String> failedUserIds) {
    List<String> names = new ArrayList<>();
    for (Member m : group.spec().getMembers()) {
      if (failedUserIds.contains(m.getDiscordUserId())) {
        names.add(m.getId() + " (" + m.getDiscordUserId() + ")");
      }
    }
    return failedUserIds.size() == 1
        ? "member " + names.get(0) + " is not in the guild"
        : failedUserIds.size() + " members are not in the guild: " + String.join(", ", names);
  }
}
