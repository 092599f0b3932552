package dev.study.operator.discord.welcome;

import java.util.Optional;

/**
 * How one try to welcome a member ended, and what the ledger records of it.
 *
 * @param messageId the message that went out, when one did
 * @param detail what the ledger notes: where a welcome went instead of a DM, or why it cannot be delivered
 */
record WelcomeAttempt(Ending ending, String messageId, String detail) {

  enum Ending {
    /** Sent by direct message. */
    SENT,
    /** Sent in the group's text channel, because the member's DMs are closed. */
    SENT_IN_CHANNEL,
    /** Discord refused it for good: recorded, so it is not retried forever. */
    UNDELIVERABLE,
    /** The member is not in the guild yet: nothing recorded, the welcome waits for their join. */
    NOT_IN_GUILD,
    /** Failed for a passing reason, perhaps after it went out: nothing recorded, retried soon with the same nonce. */
    DEFERRED
  }

  static WelcomeAttempt sent(String messageId) {
    return new WelcomeAttempt(Ending.SENT, messageId, null);
  }

  static WelcomeAttempt sentInChannel(String messageId, String channelId) {
    return new WelcomeAttempt(Ending.SENT_IN_CHANNEL, messageId, "in channel " + channelId + ": direct messages closed");
  }

  static WelcomeAttempt undeliverable(String why) {
    return new WelcomeAttempt(Ending.UNDELIVERABLE, null, why);
  }

  static WelcomeAttempt notInGuild() {
    return new WelcomeAttempt(Ending.NOT_IN_GUILD, null, null);
  }

  static WelcomeAttempt deferred() {
    return new WelcomeAttempt(Ending.DEFERRED, null, null);
  }

  /** What the ledger records, or empty when nothing is: the welcome is still to be done. */
  Optional<WelcomeOutcome> recorded() {
    return switch (ending) {
      case SENT, SENT_IN_CHANNEL -> Optional.of(WelcomeOutcome.sent);
      case UNDELIVERABLE -> Optional.of(WelcomeOutcome.undeliverable);
      case NOT_IN_GUILD, DEFERRED -> Optional.empty();
    };
  }
}
