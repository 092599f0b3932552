package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncException;

/**
 * Where a Discord channel sits, read from the gateway cache without a REST call. The reconciler checks every
 * channel a group names against its guild and the allowed categories before any Discord write.
 */
@FunctionalInterface
public interface ChannelLocator {

  /**
   * @return where the channel is, seen from {@code guildId}
   * @throws SyncException retryable when the gateway cannot tell now (not connected, the guild unavailable)
   */
  ChannelPlace locate(String guildId, String channelId) throws SyncException;

  /** A channel's place: in the named guild (with its category, or null at top level), in another guild, or nowhere. */
  record ChannelPlace(Where where, String parentId) {
    public enum Where { IN_GUILD, OTHER_GUILD, NOT_FOUND }

    public static ChannelPlace inGuild(String parentId) {
      return new ChannelPlace(Where.IN_GUILD, parentId);
    }

    public static ChannelPlace otherGuild() {
      return new ChannelPlace(Where.OTHER_GUILD, null);
    }

    public static ChannelPlace notFound() {
      return new ChannelPlace(Where.NOT_FOUND, null);
    }
  }
}
