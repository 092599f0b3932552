package dev.study.operator.reminders;

import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends reminders as Discord channel messages with an enforced nonce. */
public final class DiscordReminderSender implements ReminderSender {
  /** A user mention that {@link ReminderMessage} wrote (spec text is escaped, so never one from a displayName). */
  private static final Pattern USER_MENTION = Pattern.compile("(?<!\\\\)<@(\\d{17,20})>");
  private final DiscordAccess discord;

  public DiscordReminderSender(DiscordAccess discord) {
    this.discord = discord;
  }

  /**
   * A reminder does not carry its group's guild yet ({@link ReminderSender} is the reminders' contract), so the
   * guild comes from the channel, and only the members the message itself mentions may be pinged.
   */
  @Override
  public String send(String channelId, String content, String nonce) throws DeliveryException {
    try {
      String guildId = discord.guildOfChannel(channelId)
          .orElseThrow(() -> new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND,
              "channel " + channelId + " is not a channel the bot can see"));
      return discord.sendMessage(guildId, channelId, content, nonce, mentionedUsers(content));
    } catch (DiscordFailure e) {
      boolean permanent = switch (e.kind()) {
        case CHANNEL_NOT_FOUND, MISSING_PERMISSIONS, REJECTED -> true;
        default -> false;
      };
      throw new DeliveryException(e.kind() + ": " + e.getMessage(), permanent, e);
    }
  }

  static Set<String> mentionedUsers(String content) {
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = USER_MENTION.matcher(content);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
