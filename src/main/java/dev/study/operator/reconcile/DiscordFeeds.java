package dev.study.operator.reconcile;

import java.util.List;

/**
 * What the reconciler needs of a Discord session besides its systems: where channels sit (for the scope check),
 * the gateway's feeds that trigger a reconcile at once, and the check that tells a member overwrite's drift from
 * the echo of the operator's own write. Empty when the operator has no Discord token.
 */
public record DiscordFeeds(ChannelLocator locator, List<ChannelChanges> channelChanges, List<MemberJoins> memberJoins,
    OverwriteDrift drift) {
  public static final DiscordFeeds NONE = new DiscordFeeds(null, List.of(), List.of());

  public DiscordFeeds {
    channelChanges = List.copyOf(channelChanges);
    memberJoins = List.copyOf(memberJoins);
    drift = drift == null ? OverwriteDrift.ALWAYS : drift;
  }

  /** Every member overwrite change counts as drift. */
  public DiscordFeeds(ChannelLocator locator, List<ChannelChanges> channelChanges, List<MemberJoins> memberJoins) {
    this(locator, channelChanges, memberJoins, OverwriteDrift.ALWAYS);
  }
}
