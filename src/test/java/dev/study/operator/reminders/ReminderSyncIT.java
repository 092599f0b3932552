package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.reconcile.SyncReport;
import dev.study.operator.store.Database;
import dev.study.operator.testing.GroupContexts;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reminder system against a real PostgreSQL. */
class ReminderSyncIT {
  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  private final Database db = TestPostgres.freshDatabase();
  private final JdbiReminderStore store = new JdbiReminderStore(db);
  private final ReminderSync sync = new ReminderSync(store);

  private SyncReport run(StudyGroup group) throws Exception {
    GroupContext ctx = GroupContexts.of(group, "uid-1", NOW);
    return sync.apply(ctx, sync.plan(ctx, sync.observe(ctx)));
  }

  private String lastWrite() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(max(updated_at)::text, '') || count(*) FROM reminder")
        .mapTo(String.class).one());
  }

  @Test
  void schedulesMovesAndCancelsWithTheSchedule() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    SyncReport first = run(group);
    assertThat(first.synced()).isTrue();
    StudyGroupStatus status = new StudyGroupStatus();
    first.contribution().writeTo(status);
    assertThat(status.getReminders().getScheduled()).isEqualTo(4);
    assertThat(status.getReminders().getNextDue()).isEqualTo("2027-01-05T17:00:00Z");

    group.getSpec().getSchedule().setFirstMeeting("2027-01-05T19:00");
    group.getSpec().getSchedule().setSkip(List.of(4));
    SyncReport second = run(group);
    status = new StudyGroupStatus();
    second.contribution().writeTo(status);
    assertThat(status.getReminders().getMoved()).isEqualTo(3);
    assertThat(status.getReminders().getCancelled()).isEqualTo(1);
    assertThat(store.forGroup("uid-1")).filteredOn(r -> r.meetingNumber() == 4)
        .singleElement().extracting(Reminder::state).isEqualTo(ReminderState.cancelled);
    assertThat(store.forGroup("uid-1")).filteredOn(r -> r.meetingNumber() == 1)
        .singleElement().extracting(Reminder::dueAt).isEqualTo(Instant.parse("2027-01-05T18:00:00Z"));
  }

  @Test
  void anUnchangedGroupMakesNoWrites() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    run(group);
    String before = lastWrite();

    GroupContext ctx = GroupContexts.of(group, "uid-1", NOW);
    ReminderPlan plan = sync.plan(ctx, sync.observe(ctx));
    sync.apply(ctx, plan);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(lastWrite()).isEqualTo(before);
  }

  @Test
  void cleanupCancelsPendingRemindersAndKeepsHistory() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    run(group);
    db.jdbi().useHandle(h -> h.execute("UPDATE reminder SET state = 'sent' WHERE meeting_number = 1"));

    var context = GroupContexts.of(group, "uid-1", NOW);
    sync.cleanup(context, sync.targets(context.spec()));

    assertThat(store.forGroup("uid-1")).extracting(Reminder::state)
        .containsExactlyInAnyOrder(ReminderState.sent, ReminderState.cancelled, ReminderState.cancelled,
            ReminderState.cancelled);
  }
}
