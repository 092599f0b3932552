package dev.study.operator.discord.welcome;

import dev.study.operator.discord.ObservedOverwrites;
import dev.study.operator.store.DatabaseUnavailable;

/**
 * What the Discord system with welcomes observed: the channels' member overwrites, and either the welcome ledger
 * or why it could not be read. An unreadable ledger is a state of its own, not a failure of the observation,
 * because channel access does not wait for the database; only the welcomes do.
 *
 * @param welcomes the ledger; null exactly when {@code ledgerUnreadable} is set
 */
public record ObservedOverwritesAndWelcomes(ObservedOverwrites overwrites, ObservedWelcomes welcomes,
    DatabaseUnavailable ledgerUnreadable) {

  public static ObservedOverwritesAndWelcomes read(ObservedOverwrites overwrites, ObservedWelcomes welcomes) {
    return new ObservedOverwritesAndWelcomes(overwrites, welcomes, null);
  }

  public static ObservedOverwritesAndWelcomes ledgerUnreadable(ObservedOverwrites overwrites, DatabaseUnavailable e) {
    return new ObservedOverwritesAndWelcomes(overwrites, null, e);
  }
}
