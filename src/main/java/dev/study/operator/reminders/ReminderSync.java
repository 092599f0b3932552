package dev.study.operator.reminders;

import dev.study.operator.api.ReminderStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.study.operator.api.StudyGroupSpec;

/** Keeps one pending reminder row per future meeting and offset; the dispatcher fires them. */
public final class ReminderSync implements SystemSync<ObservedReminders, ReminderPlan> {
  public static final String DELIVERY_FAILED = "DeliveryFailed";
  static final String TARGET = "reminders";
  private final ReminderStore store;

  public ReminderSync(ReminderStore store) {
    this.store = store;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.REMINDERS;
  }

  @Override
  public ObservedReminders observe(GroupContext group) throws SyncException {
    return new ObservedReminders(store.forGroup(group.uid()));
  }

  @Override
  public ReminderPlan plan(GroupContext group, ObservedReminders observed) {
    List<Reminder> desired = ReminderDiff.desired(group.uid(), group.namespace(), group.name(), group.spec(),
        group.meetings(), group.now());
    return ReminderDiff.plan(desired, observed.rows(), group.now());
  }

  @Override
  public SyncReport apply(GroupContext group, ReminderPlan plan) throws SyncException {
    if (!plan.isEmpty()) {
      store.apply(plan);
    }
    Optional<String> failure = store.deliveryFailure(group.uid(), group.now());
    Instant nextDue = plan.pending().stream().map(Reminder::dueAt).min(Instant::compareTo).orElse(null);
    ReminderStatus counts = new ReminderStatus();
    counts.setScheduled(plan.pending().size());
    counts.setMoved(plan.moves().size());
    counts.setCancelled(plan.cancel().size());
    counts.setNextDue(nextDue == null ? null : nextDue.toString());
    SystemCounts.Reminders contribution = new SystemCounts.Reminders(counts);
    if (failure.isPresent()) {
      return SyncReport.partial(DELIVERY_FAILED, "a reminder could not be delivered: " + failure.get(), null,
          contribution);
    }
    String message = plan.pending().size() + " reminders scheduled" + (nextDue == null ? "" : ", next due " + nextDue);
    return SyncReport.synced(message, contribution);
  }

  /** One target for all of a group's reminder rows: removing it cancels every pending or held one. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return SystemKind.REMINDERS.usedBy(spec) ? Set.of(TARGET) : Set.of();
  }

  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    store.cancelAll(group.uid());
  }

  /** Suspended: every pending reminder is held, so the dispatcher sends none; the next apply resumes them. */
  @Override
  public void hold(GroupContext group) throws SyncException {
    store.holdAll(group.uid());
  }
}
