package dev.study.operator.discord.welcome;

import dev.study.operator.sync.Plan;
import java.util.List;

/**
 * The exact welcome work of one sync, as {@link WelcomeDiff} computes it: the members to welcome, the initial
 * members to record as skipped, the ledger rows of former members to forget, and whether this first sync marks
 * the ledger as set up.
 */
public record WelcomePlan(List<WelcomeRecipient> send, List<WelcomeRecipient> skip, List<String> forget,
    boolean initialize) implements Plan {

  /** No welcome work: what the plan is while the ledger cannot be read. */
  public static final WelcomePlan NONE = new WelcomePlan(List.of(), List.of(), List.of(), false);

  public WelcomePlan {
    send = List.copyOf(send);
    skip = List.copyOf(skip);
    forget = List.copyOf(forget);
  }

  @Override
  public boolean isEmpty() {
    return send.isEmpty() && skip.isEmpty() && forget.isEmpty() && !initialize;
  }

  @Override
  public String summary() {
    return "welcome " + send.size() + ", skip " + skip.size() + ", forget " + forget.size();
  }
}
