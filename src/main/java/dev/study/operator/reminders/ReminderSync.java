package dev.study.operator.reminders;

import dev.study.operator.api.ReminderStatus;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.reconcile.SyncException;
import dev.study.operator.reconcile.SyncReport;
import dev.study.operator.reconcile.SystemKind;
import dev.study.operator.reconcile.SystemSync;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.study.operator.api.StudyGroupSpec;
import org.jdbi.v3.core.JdbiException;

/** Keeps one pending reminder row per future meeting and offset; the dispatcher fires them. */
public final class ReminderSync implements SystemSync<List<Reminder>, ReminderPlan> {
  public static final String DELIVERY_FAILED = "DeliveryFailed";
  public static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";
  static final String TARGET = "reminders";
  private final JdbiReminderStore store;

  public ReminderSync(JdbiReminderStore store) {
    this.store = store;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.REMINDERS;
  }

  @Override
  public List<Reminder> observe(GroupContext group) throws SyncException {
    try {
      return store.forGroup(group.uid());
    } catch (JdbiException e) {
      throw SyncException.retryable(DATABASE_UNAVAILABLE, "cannot read reminders: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public ReminderPlan plan(GroupContext group, List<Reminder> observed) {
    List<Reminder> desired = ReminderPlanner.desired(group.uid(), group.namespace(), group.spec(), group.meetings(),
        group.now());
    return ReminderPlanner.plan(desired, observed, group.now());
  }

  @Override
  public SyncReport apply(GroupContext group, ReminderPlan plan) throws SyncException {
    Optional<String> failure;
    try {
      if (!plan.isEmpty()) {
        store.apply(plan);
      }
      failure = store.deliveryFailure(group.uid(), group.now());
    } catch (JdbiException e) {
      throw SyncException.retryable(DATABASE_UNAVAILABLE, "cannot write reminders: " + e.getClass().getSimpleName(), e);
    }
    Instant nextDue = plan.pending().stream().map(Reminder::dueAt).min(Instant::compareTo).orElse(null);
    ReminderStatus counts = new ReminderStatus();
    counts.setScheduled(plan.pending().size());
    counts.setMoved(plan.move().size());
    counts.setCancelled(plan.cancel().size());
    counts.setNextDue(nextDue == null ? null : nextDue.toString());
    SyncReport.StatusContribution contribution = status -> status.setReminders(counts);
    if (failure.isPresent()) {
      return SyncReport.partial(DELIVERY_FAILED, "a reminder could not be delivered: " + failure.get(), contribution);
    }
    String message = plan.pending().size() + " reminders scheduled" + (nextDue == null ? "" : ", next due " + nextDue);
    return SyncReport.synced(message, contribution);
  }

  /** One target for all of a group's reminder rows: removing it cancels every pending one. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return SystemKind.REMINDERS.usedBy(spec) ? Set.of(TARGET) : Set.of();
  }

  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    try {
      store.cancelAll(group.uid());
    } catch (JdbiException e) {
      throw SyncException.retryable(DATABASE_UNAVAILABLE, "cannot cancel reminders: " + e.getClass().getSimpleName(), e);
    }
  }
}
