package dev.study.operator.reminders;

import dev.study.operator.testing.SystemRuns;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.status.StatusAssembler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.store.Database;
import dev.study.operator.testing.GroupContexts;
import dev.study.operator.testing.StudyGroups;
import dev.study.operator.testing.TestPostgres;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reminder system against a real PostgreSQL. */
class ReminderSyncIT {
  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  private final Database db = TestPostgres.freshDatabase();
  private final JdbiReminderStore store = new JdbiReminderStore(db);
  private final ReminderSync sync = new ReminderSync(store);
  private final MutableClock clock = new MutableClock(NOW);
  private final RecordingSender sender = new RecordingSender();
  private final ReminderDispatcher dispatcher = new ReminderDispatcher(store, sender, clock,
      new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.5), Duration.ofMinutes(2), () -> true,
      new SimpleMeterRegistry());

  /** Counts the reminders that went out. */
  static final class RecordingSender implements ReminderSender {
    final List<String> nonces = new CopyOnWriteArrayList<>();

    @Override
    public String send(String guildId, String channelId, String content, String nonce, Set<String> mentions) {
      nonces.add(nonce);
      return "m" + nonces.size();
    }
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private SyncReport runAt(StudyGroup group, Instant now) throws Exception {
    GroupContext ctx = GroupContexts.of(group, "uid-1", now);
    return SystemRuns.apply(sync, ctx);
  }

  private Map<Integer, ReminderState> states() throws Exception {
    return store.forGroup("uid-1").stream().collect(Collectors.toMap(Reminder::meetingNumber, Reminder::state));
  }

  private SyncReport run(StudyGroup group) throws Exception {
    GroupContext ctx = GroupContexts.of(group, "uid-1", NOW);
    return SystemRuns.apply(sync, ctx);
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
    StatusAssembler.writeCounts(status, first.counts());
    assertThat(status.getReminders().getScheduled()).isEqualTo(4);
    assertThat(status.getReminders().getNextDue()).isEqualTo("2027-01-05T17:00:00Z");

    group.getSpec().getSchedule().setFirstMeeting("2027-01-05T19:00");
    group.getSpec().getSchedule().setSkip(List.of(4));
    SyncReport second = run(group);
    status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, second.counts());
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

  @Test
  void emptyingTheRemindersCancelsThemAllAndNoneIsSent() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    run(group);
    Set<String> before = sync.targets(group.getSpec());

    group.getSpec().setReminders(List.of());
    GroupContext ctx = GroupContexts.of(group, "uid-1", NOW);
    assertThat(sync.targets(group.getSpec())).as("the reconciler cleans the target that went").isEmpty();
    sync.cleanup(ctx, before);

    assertThat(states().values()).hasSize(4).containsOnly(ReminderState.cancelled);
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    dispatcher.dispatchDue();
    assertThat(sender.nonces).isEmpty();
  }

  @Test
  void suspendingHoldsTheRemindersAndResumingSendsTheFutureOnesAndDropsThePassedOnes() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    run(group);

    sync.hold(GroupContexts.of(group, "uid-1", NOW));
    assertThat(states().values()).hasSize(4).containsOnly(ReminderState.held);
    clock.set(Instant.parse("2027-01-05T17:00:00Z"));
    dispatcher.dispatchDue();
    assertThat(sender.nonces).as("nothing is sent while suspended").isEmpty();

    Instant afterTwoMeetings = Instant.parse("2027-01-13T00:00:00Z");
    SyncReport resumed = runAt(group, afterTwoMeetings);

    assertThat(resumed.synced()).isTrue();
    assertThat(states()).containsEntry(1, ReminderState.dropped).containsEntry(2, ReminderState.dropped)
        .containsEntry(3, ReminderState.pending).containsEntry(4, ReminderState.pending);
    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, resumed.counts());
    assertThat(status.getReminders().getScheduled()).isEqualTo(2);
    clock.set(Instant.parse("2027-01-19T17:00:00Z"));
    dispatcher.dispatchDue();
    assertThat(sender.nonces).containsExactly(ReminderMessage.nonce(new ReminderKey("uid-1", 3, "1h")));
    assertThat(runAt(group, Instant.parse("2027-01-19T17:00:01Z")).counts()).isInstanceOf(SystemCounts.Reminders.class);
    assertThat(states()).as("the resumed plan does not revive dropped or sent rows")
        .containsEntry(1, ReminderState.dropped).containsEntry(3, ReminderState.sent);
  }

  @Test
  void aRowWrittenBeforeGuildsWereStoredGetsItsGuildFromTheNextReconcile() throws Exception {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    run(group);
    db.jdbi().useHandle(h -> h.execute("UPDATE reminder SET guild_id = NULL, resource_name = NULL"));

    SyncReport report = run(group);

    StudyGroupStatus status = new StudyGroupStatus();
    StatusAssembler.writeCounts(status, report.counts());
    assertThat(status.getReminders().getMoved()).isEqualTo(4);
    assertThat(store.forGroup("uid-1")).extracting(Reminder::guildId).containsOnly(StudyGroups.GUILD);
  }
}
