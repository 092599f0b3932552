package dev.study.operator.reconcile;

import java.util.List;

/**
 * What the reconciler needs of a Discord session besides its systems: where channels sit (for the scope check)
 * and the gateway's feeds that trigger a reconcile at once. Empty when the operator has no Discord token.
 */
public record DiscordFeeds(ChannelLocator locator, List<ChannelChanges> channelChanges, List<MemberJoins> memberJoins) {
  public static final DiscordFeeds NONE = new DiscordFeeds(null, List.of(), List.of());

  public DiscordFeeds {
    channelChanges = List.copyOf(channelChanges);
    memberJoins = List.copyOf(memberJoins);
  }
}
