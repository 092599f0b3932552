package dev.study.operator.discord.welcome;

/** How a member's welcome ended, as the ledger records it. Every outcome means "do not send again". */
public enum WelcomeOutcome {
  /** The direct message went out. */
  sent,
  /** An initial member of a group brought under the operator with {@code welcome.initialMembers: Skip}. */
  skipped,
  /** Discord refused the direct message for good (DMs closed, 50007; unknown user): not retried forever. */
  undeliverable
}
