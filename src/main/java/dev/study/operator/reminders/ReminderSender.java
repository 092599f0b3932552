package dev.study.operator.reminders;

import java.util.Set;

/** Sends one reminder message. The nonce makes a repeated send of the same reminder a no-op at Discord. */
public interface ReminderSender {
  /**
   * Posts {@code content} to a channel of a guild, pinging exactly {@code mentionUserIds}. Returns the message id.
   */
  String send(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DeliveryException;

  /** A send failed; {@code permanent} when retrying cannot help (unknown channel, missing permission). */
  final class DeliveryException extends Exception {
    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
