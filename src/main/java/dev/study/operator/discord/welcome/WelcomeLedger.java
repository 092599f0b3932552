package dev.study.operator.discord.welcome;

import dev.study.operator.store.DatabaseUnavailable;

/**
 * The port to the record of welcomes: which members of a group have been welcomed, skipped or found undeliverable,
 * and whether the group's first reconcile set it up. Every failure of the store behind it comes out as
 * {@link DatabaseUnavailable}, the one exception {@link WelcomingDiscordSync} catches; {@link JdbiWelcomeLedger} is
 * the PostgreSQL one.
 */
public interface WelcomeLedger {

  ObservedWelcomes read(String groupUid) throws DatabaseUnavailable;

  /**
   * Writes the plan's bookkeeping at once, before any DM: rows of former members go, skipped initial members are
   * recorded, and the group is marked as set up.
   */
  void prepare(String groupUid, WelcomePlan plan) throws DatabaseUnavailable;

  /** Records how one member's welcome ended; {@code messageId} for a sent one, {@code detail} for a refusal. */
  void record(String groupUid, WelcomeRecipient recipient, WelcomeOutcome outcome, String messageId, String detail)
      throws DatabaseUnavailable;

  /** Forgets the group's welcomes (finalizer, and when the group leaves Discord). */
  void deleteGroup(String groupUid) throws DatabaseUnavailable;
}
