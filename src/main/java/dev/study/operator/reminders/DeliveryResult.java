package dev.study.operator.reminders;

import java.time.Instant;

/**
 * What one send of a claimed reminder came to, as the queue records it: sent (with Discord's message id), to be
 * retried at a time (with the error), or refused for good (with the error).
 */
public record DeliveryResult(Outcome outcome, String detail, Instant retryAt) {
  public enum Outcome { SENT, RETRY, REFUSED }

  public static DeliveryResult sent(String messageId) {
    return new DeliveryResult(Outcome.SENT, messageId, null);
  }

  public static DeliveryResult retryAt(Instant at, String error) {
    return new DeliveryResult(Outcome.RETRY, error, at);
  }

  public static DeliveryResult refused(String error) {
    return new DeliveryResult(Outcome.REFUSED, error, null);
  }
}
