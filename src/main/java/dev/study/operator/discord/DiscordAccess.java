package dev.study.operator.discord;

import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The operator's narrow view of Discord: read a channel's member overwrites from the gateway cache, put or
 * delete one member overwrite, and send messages idempotently (reminders, welcomes). Every channel is resolved
 * through the guild it is named with, never through the bot's other guilds. {@link JdaDiscordAccess} is the
 * real one; tests may provide others.
 */
public interface DiscordAccess {

  /** The bot's own user id: its overwrites are never the operator's to change. */
  String selfUserId() throws DiscordFailure;

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

  /** Whether the user is in the guild now: one REST read, so only where it matters (before a welcome). */
  boolean isGuildMember(String guildId, String userId) throws DiscordFailure;

  /**
   * Posts a message to a channel of {@code guildId} with a nonce that Discord enforces, so a retry within a few
   * minutes returns the first message instead of posting twice. Only the given users may be pinged: never
   * {@code @everyone}, {@code @here} or a role, whatever the content says.
   *
   * @return the message id
   */
  String sendMessage(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DiscordFailure;

  /**
   * Sends a direct message to a user, with an enforced nonce like {@link #sendMessage}, pinging nobody.
   * Returns the message id.
   */
  String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure;

  /**
   * Registers a listener told the channel id whenever a member overwrite changes on any channel, whoever
   * changed it; the operator maps channel ids to groups and reconciles them.
   */
  void onOverwriteChanged(Consumer<String> listener);

  /**
   * Registers a listener told (guild id, user id) when someone joins a guild (GUILD_MEMBER_ADD, which needs
   * the GUILD_MEMBERS intent), so a group waiting for that member can grant and welcome them at once.
   */
  void onMemberJoined(BiConsumer<String, String> listener);
}
