package dev.study.operator.discord.welcome;

import dev.study.operator.discord.OverwritePlan;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.sync.Plan;

/**
 * The overwrite writes and the welcomes of one sync. While the ledger cannot be read the welcomes are
 * {@link WelcomePlan#NONE} and {@code ledgerUnreadable} says why, so that apply still writes the overwrites and
 * reports the welcomes as waiting.
 */
public record OverwriteAndWelcomePlan(OverwritePlan overwrites, WelcomePlan welcomes,
    DatabaseUnavailable ledgerUnreadable) implements Plan {

  @Override
  public boolean isEmpty() {
    return overwrites.isEmpty() && welcomes.isEmpty();
  }

  @Override
  public String summary() {
    return welcomes.isEmpty() ? overwrites.summary() : overwrites.summary() + ", " + welcomes.summary();
  }
}
