package dev.study.operator.discord;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.reconcile.OverwriteDrift;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells drift from echo by the rules of the sync itself: reads the channel's member overwrites from the gateway
 * cache (no REST call) and runs {@link OverwriteDiff} for the one channel; the change is drift when the plan has
 * a grant or a revoke for that member. Anything it cannot read (no session, a channel gone) counts as drift, so
 * the reconcile finds out for itself.
 */
public final class CachedOverwriteDrift implements OverwriteDrift {
  private final DiscordAccess discord;
  private final Set<String> protectedUserIds;

  public CachedOverwriteDrift(DiscordAccess discord, Set<String> protectedUserIds) {
    this.discord = discord;
    this.protectedUserIds = Set.copyOf(protectedUserIds);
  }

  @Override
  public boolean drifted(StudyGroupSpec spec, String channelId, String userId) {
    DiscordTarget target = spec.getDiscord();
    if (target == null || spec.getMembers() == null) {
      return true;
    }
    Optional<ManagedChannel> channel = DesiredAccess.channelsOf(target).stream()
        .filter(c -> channelId.equals(c.channelId())).findFirst();
    if (channel.isEmpty()) {
      return true;
    }
    try {
      Set<String> untouchable = new LinkedHashSet<>(protectedUserIds);
      untouchable.add(discord.selfUserId());
      ObservedOverwrites seen = ObservedOverwrites.of(
          List.of(discord.memberOverwrites(target.getGuildId(), channelId)), untouchable);
      DesiredAccess wanted = DesiredAccess.of(target, spec.getMembers());
      OverwritePlan plan = OverwriteDiff.plan(new DesiredAccess(wanted.guildId(), wanted.userIds(), List.of(channel.get())),
          seen);
      return plan.grants().stream().anyMatch(g -> userId.equals(g.userId()))
          || plan.revokes().stream().anyMatch(r -> userId.equals(r.userId()));
    } catch (DiscordFailure | RuntimeException e) {
      return true;
    }
  }
}
