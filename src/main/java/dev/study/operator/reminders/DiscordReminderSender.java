package dev.study.operator.reminders;

import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;

/** Sends reminders as Discord channel messages with an enforced nonce. */
public final class DiscordReminderSender implements ReminderSender {
  private final DiscordAccess discord;

  public DiscordReminderSender(DiscordAccess discord) {
    this.discord = discord;
  }

  @Override
  public String send(String channelId, String content, String nonce) throws DeliveryException {
    try {
      return discord.sendMessage(channelId, content, nonce);
    } catch (DiscordFailure e) {
      boolean permanent = switch (e.kind()) {
        case CHANNEL_NOT_FOUND, MISSING_PERMISSIONS, REJECTED -> true;
        default -> false;
      };
      throw new DeliveryException(e.kind() + ": " + e.getMessage(), permanent, e);
    }
  }
}
