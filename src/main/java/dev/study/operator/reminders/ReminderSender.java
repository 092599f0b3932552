package dev.study.operator.reminders;

/** Sends one reminder message. The nonce makes a repeated send of the same reminder a no-op at Discord. */
public interface ReminderSender {
  /** Returns the message id. */
  String send(String channelId, String content, String nonce) throws DeliveryException;

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
