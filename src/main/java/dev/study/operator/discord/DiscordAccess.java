package dev.study.operator.discord;

import java.util.function.Consumer;

/**
 * The operator's narrow view of Discord: read a channel's member overwrites from the gateway cache, put or
 * delete one member overwrite, and send messages idempotently (for reminders). {@link JdaDiscordAccess} is the
 * real one; tests may provide others.
 */
public interface DiscordAccess {

  /** The member-type overwrites of a channel, from the gateway cache: no REST call. */
  ChannelOverwrites memberOverwrites(String guildId, String channelId) throws DiscordFailure;

  /** Creates or replaces one member's overwrite on a channel: exactly one write. */
  void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite) throws DiscordFailure;

  /**
   * Deletes one member's overwrite on a channel: exactly one write.
   *
   * @return false when it was already gone
   */
  boolean deleteMemberOverwrite(String guildId, String channelId, String userId) throws DiscordFailure;

  /**
   * Posts a message to a channel with a nonce that Discord enforces, so a retry within a few minutes returns
   * the first message instead of posting twice.
   *
   * @return the message id
   */
  String sendMessage(String channelId, String content, String nonce) throws DiscordFailure;

  /**
   * Posts a message to a channel resolved through its guild, pinging exactly the given users. Placeholder on the
   * reminders branch so that it compiles; the Discord engineer's branch brings the real one.
   */
  default String sendMessage(String guildId, String channelId, String content, String nonce,
      java.util.Set<String> mentionUserIds) throws DiscordFailure {
    return sendMessage(channelId, content, nonce);
  }

  /** Sends a direct message to a user, with an enforced nonce like {@link #sendMessage}. Returns the message id. */
  String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure;

  /**
   * Registers a listener told the channel id whenever a member overwrite changes on any channel, whoever
   * changed it; the operator maps channel ids to groups and reconciles them.
   */
  void onOverwriteChanged(Consumer<String> listener);
}
