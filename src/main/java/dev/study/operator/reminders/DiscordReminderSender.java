package dev.study.operator.reminders;

import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Sends reminders as Discord channel messages with an enforced nonce. Only refusals that retrying cannot fix are
 * permanent; everything else is retried by the dispatcher until the meeting starts.
 */
public final class DiscordReminderSender implements ReminderSender {
  private final DiscordAccess discord;
  private final BooleanSupplier connected;

  /** {@code connected}: whether the gateway session is up, so that a cache miss can be told from a real 404. */
  public DiscordReminderSender(DiscordAccess discord, BooleanSupplier connected) {
    this.discord = discord;
    this.connected = connected;
  }

  @Override
  public String send(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DeliveryException {
    if (guildId == null) {
      // A row written before guild_id was stored: the next reconcile's move fills it in.
      throw new DeliveryException("the reminder has no guild yet; the next reconcile adds it", false, null);
    }
    try {
      return discord.sendMessage(guildId, channelId, content, nonce, mentionUserIds);
    } catch (DiscordFailure e) {
      throw new DeliveryException(e.kind() + ": " + e.getMessage(), permanent(e.kind()), e);
    }
  }

  private boolean permanent(DiscordFailure.Kind kind) {
    return switch (kind) {
      // While JDA re-identifies it has cleared its caches, so "not found" means "not known yet" until connected.
      case CHANNEL_NOT_FOUND -> connected.getAsBoolean();
      case MISSING_PERMISSIONS, REJECTED -> true;
      // GATEWAY_UNAVAILABLE, SERVER_ERROR (5xx, timeouts), UNAUTHORIZED (a token being rotated) and any kind
      // added later, such as rate limits: retried until the deadline.
      default -> false;
    };
  }
}
