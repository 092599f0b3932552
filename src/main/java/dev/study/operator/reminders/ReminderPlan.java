package dev.study.operator.reminders;

import dev.study.operator.reconcile.Plan;
import java.util.List;

/**
 * The reminder rows to write: new ones, ones to move (their meeting, channel or mentions changed, or a cancelled
 * or failed one wanted again), and pending ones to cancel (their meeting or offset went). {@code pending} is
 * what will wait to fire once the plan is applied.
 */
public record ReminderPlan(List<Reminder> create, List<Reminder> move, List<Reminder> cancel, List<Reminder> pending)
    implements Plan {
  @Override
  public boolean isEmpty() {
    return create.isEmpty() && move.isEmpty() && cancel.isEmpty();
  }

  @Override
  public String summary() {
    return "schedule " + create.size() + ", move " + move.size() + ", cancel " + cancel.size();
  }
}
