package dev.study.operator.discord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure difference between who should reach a group's channels and the member overwrites found there.
 * Members get the bits each channel needs, keeping any extra bits a person gave them; every other member
 * overwrite on a managed channel is removed. Role overwrites are not the operator's and never appear.
 */
public final class OverwriteDiff {
  private OverwriteDiff() {}

  public static DiscordPlan plan(DesiredAccess desired, ObservedOverwrites observed) {
    List<DiscordPlan.Grant> grants = new ArrayList<>();
    List<DiscordPlan.Revoke> revokes = new ArrayList<>();
    Set<String> changedMembers = new LinkedHashSet<>();

    for (ManagedChannel channel : desired.channels()) {
      for (String userId : desired.userIds()) {
        Overwrite current = observed.overwrite(channel.channelId(), userId).orElse(null);
        if (current == null) {
          grants.add(new DiscordPlan.Grant(channel.channelId(), userId, new Overwrite(channel.required(), 0), true));
          changedMembers.add(userId);
        } else if (!current.grants(channel.required())) {
          grants.add(new DiscordPlan.Grant(channel.channelId(), userId, current.widenedTo(channel.required()), false));
          changedMembers.add(userId);
        }
      }
      ChannelOverwrites seen = observed.byChannel().get(channel.channelId());
      if (seen != null) {
        // sorted so that the order of writes does not depend on hash order
        for (String userId : new TreeMap<>(seen.members()).keySet()) {
          if (!desired.userIds().contains(userId)) {
            revokes.add(new DiscordPlan.Revoke(channel.channelId(), userId));
          }
        }
      }
    }

    Set<String> unchanged = new LinkedHashSet<>(desired.userIds());
    unchanged.removeAll(changedMembers);
    return new DiscordPlan(desired.userIds(), grants, revokes, unchanged);
  }

  /** Shorthand for tests and callers holding plain maps: channel id to (user id to overwrite). */
  public static ObservedOverwrites observed(Map<String, Map<String, Overwrite>> byChannel) {
    List<ChannelOverwrites> channels = new ArrayList<>();
    byChannel.forEach((id, members) -> channels.add(new ChannelOverwrites(id, members)));
    return ObservedOverwrites.of(channels);
  }
}
