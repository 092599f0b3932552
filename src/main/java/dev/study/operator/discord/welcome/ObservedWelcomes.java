package dev.study.operator.discord.welcome;

import java.util.List;

/**
 * What the welcome ledger holds for a group: whether a first reconcile has set it up (before that, the members
 * are the group's initial members), and one entry per current member already dealt with.
 */
public record ObservedWelcomes(boolean initialized, List<WelcomeEntry> entries) {
  public ObservedWelcomes {
    entries = List.copyOf(entries);
  }

  public static ObservedWelcomes fresh() {
    return new ObservedWelcomes(false, List.of());
  }
}
