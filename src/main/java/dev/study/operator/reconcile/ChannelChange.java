package dev.study.operator.reconcile;

/**
 * One change seen on a Discord channel: a member's overwrite created, changed or removed ({@code userId} is that
 * member), or the channel itself deleted or moved to another category ({@code userId} is null).
 */
public record ChannelChange(String channelId, String userId) {

  public static ChannelChange ofChannel(String channelId) {
    return new ChannelChange(channelId, null);
  }

  public static ChannelChange ofMemberOverwrite(String channelId, String userId) {
    return new ChannelChange(channelId, userId);
  }

  /** True for a member overwrite's change, false for a change of the channel itself. */
  public boolean memberOverwrite() {
    return userId != null;
  }
}
