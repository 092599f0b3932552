package dev.study.operator.discord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure difference between who should reach a group's channels and the member overwrites found there.
 *
 * <p>The operator owns only the bits it grants (each {@link ManagedChannel}'s {@code required} bits), never a
 * whole overwrite, because a channel is shared with the people who run the server:
 * <ul>
 *   <li>members get the required bits, keeping any extra bits a person gave or denied them;</li>
 *   <li>a non-member loses only the required allow bits. Their other allow bits and all deny bits stay (the
 *       overwrite is put back with them), and the overwrite is deleted only when nothing else is left;</li>
 *   <li>an overwrite that allows none of the required bits (a moderator's mute, which only denies) is not ours
 *       and is never touched;</li>
 *   <li>the {@link ObservedOverwrites#untouchable() untouchable} users (the bot) are never touched at all.</li>
 * </ul>
 * Role overwrites are not the operator's and never appear.
 */
public final class OverwriteDiff {
  private OverwriteDiff() {}

  public static OverwritePlan plan(DesiredAccess desired, ObservedOverwrites observed) {
    List<OverwritePlan.Grant> grants = new ArrayList<>();
    List<OverwritePlan.Revoke> revokes = new ArrayList<>();
    Set<String> changedMembers = new LinkedHashSet<>();
    Set<String> untouchable = observed.untouchable();

    for (ManagedChannel channel : desired.channels()) {
      for (String userId : desired.userIds()) {
        if (untouchable.contains(userId)) {
          continue;
        }
        Overwrite current = observed.overwrite(channel.channelId(), userId).orElse(null);
        if (current == null) {
          grants.add(new OverwritePlan.Grant(channel.channelId(), userId, new Overwrite(channel.required(), 0), true));
          changedMembers.add(userId);
        } else if (!current.grants(channel.required())) {
          grants.add(new OverwritePlan.Grant(channel.channelId(), userId, current.widenedTo(channel.required()), false));
          changedMembers.add(userId);
        }
      }
      ChannelOverwrites seen = observed.byChannel().get(channel.channelId());
      if (seen != null) {
        // sorted so that the order of writes does not depend on hash order
        for (Map.Entry<String, Overwrite> e : new TreeMap<>(seen.members()).entrySet()) {
          String userId = e.getKey();
          Overwrite current = e.getValue();
          if (desired.userIds().contains(userId) || untouchable.contains(userId)
              || !current.allowsAnyOf(channel.required())) {
            continue;
          }
          revokes.add(new OverwritePlan.Revoke(channel.channelId(), userId,
              current.without(channel.required()).orElse(null)));
        }
      }
    }

    Set<String> unchanged = new LinkedHashSet<>(desired.userIds());
    unchanged.removeAll(changedMembers);
    unchanged.removeAll(untouchable);
    return new OverwritePlan(desired.userIds(), grants, revokes, unchanged);
  }

  /** Cleanup is the plan of a group with no members on these channels: only revokes, by the same rules. */
  public static OverwritePlan cleanup(String guildId, List<ManagedChannel> channels, ObservedOverwrites observed) {
    return plan(new DesiredAccess(guildId, Set.of(), channels), observed);
  }
}
