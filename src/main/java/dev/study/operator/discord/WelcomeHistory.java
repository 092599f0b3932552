package dev.study.operator.discord;

import java.util.List;

/**
 * What the welcome ledger holds for a group: whether a first reconcile has set it up (before that, the members
 * are the group's initial members), and one entry per current member already dealt with.
 */
public record WelcomeHistory(boolean initialized, List<WelcomeEntry> entries) {
  public WelcomeHistory {
    entries = List.copyOf(entries);
  }

  public static WelcomeHistory fresh() {
    return new WelcomeHistory(false, List.of());
  }
}
