package dev.study.operator.discord.welcome;

import java.util.LinkedHashSet;
import java.util.Set;

/** What the welcomes of one sync did, for status ({@code status.discord.welcomed}) and the condition's message. */
final class WelcomeCounts {
  private final Set<String> notInGuild = new LinkedHashSet<>();
  private int welcomed;
  private int inChannel;
  private int undeliverable;
  private int deferred;

  void add(WelcomeRecipient recipient, WelcomeAttempt attempt) {
    switch (attempt.ending()) {
      case SENT -> welcomed++;
      case SENT_IN_CHANNEL -> {
        welcomed++;
        inChannel++;
      }
      case UNDELIVERABLE -> undeliverable++;
      case NOT_IN_GUILD -> notInGuild.add(recipient.discordUserId());
      case DEFERRED -> deferred++;
    }
  }

  int welcomed() {
    return welcomed;
  }

  /** Whether a welcome's outcome is unknown or was throttled, so the sync is retried soon. */
  boolean anyDeferred() {
    return deferred > 0;
  }

  /** The Discord user ids of members found not to be in the guild, counted in {@code status.discord.notInGuild}. */
  Set<String> notInGuild() {
    return notInGuild;
  }

  String describe() {
    String text = "welcomed " + welcomed + (inChannel > 0 ? " (" + inChannel + " in the channel, DMs closed)" : "");
    if (undeliverable > 0) {
      text += ", " + undeliverable + " welcome(s) undeliverable";
    }
    if (deferred > 0) {
      text += ", " + deferred + " welcome(s) deferred";
    }
    if (!notInGuild.isEmpty()) {
      text += ", " + notInGuild.size() + " welcome(s) waiting for the member to join";
    }
    return text;
  }
}
