package dev.study.operator.reminders;

import dev.study.operator.sync.Plan;
import java.util.List;

/**
 * The reminder rows to write: new ones; ones to move (their meeting, channel or mentions changed, a cancelled or
 * failed one is wanted again, or a held one resumes after a suspension); pending or held ones to cancel (their
 * meeting or offset went); held ones to drop (their meeting started during the suspension). Every change names
 * the state it expects the row in, so a row the dispatcher changed meanwhile (sent it) is left alone.
 * {@code pending} is what will wait to fire once the plan is applied.
 */
public record ReminderPlan(List<Reminder> create, List<Move> moves, List<Reminder> cancel, List<Reminder> drop,
    List<Reminder> pending) implements Plan {

  /** A row to rewrite as {@code to} (pending), if it is still in state {@code from}. */
  public record Move(Reminder to, ReminderState from) {}

  public ReminderPlan {
    create = List.copyOf(create);
    moves = List.copyOf(moves);
    cancel = List.copyOf(cancel);
    drop = List.copyOf(drop);
    pending = List.copyOf(pending);
  }

  /** Creates only: what a tool or test seeds. */
  public static ReminderPlan creating(List<Reminder> rows) {
    return new ReminderPlan(rows, List.of(), List.of(), List.of(), rows);
  }

  /** The rows as they will be after their move. */
  public List<Reminder> move() {
    return moves.stream().map(Move::to).toList();
  }

  @Override
  public boolean isEmpty() {
    return create.isEmpty() && moves.isEmpty() && cancel.isEmpty() && drop.isEmpty();
  }

  @Override
  public String summary() {
    return "schedule " + create.size() + ", move " + moves.size() + ", cancel " + cancel.size()
        + (drop.isEmpty() ? "" : ", drop " + drop.size());
  }
}
