package dev.study.operator.testing;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.Member;
import dev.study.operator.api.ReminderStatus;
import dev.study.operator.api.RsvpStatus;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.Plan;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the SystemSync port for testing the reconcile spine: its "outside world" is a map of group
 * uid to the member ids present there. It counts observes, writes and cleanups, and fails on demand.
 */
public final class RecordingSystem implements SystemSync<Set<String>, RecordingSystem.MemberPlan> {
  private final SystemKind kind;
  private final Map<String, Set<String>> world = new ConcurrentHashMap<>();
  private final AtomicInteger observes = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger cleanups = new AtomicInteger();
  private final java.util.List<Set<String>> cleanedTargets = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicReference<SyncException> failure = new AtomicReference<>();
  private final AtomicReference<SyncException> cleanupFailure = new AtomicReference<>();

  public RecordingSystem(SystemKind kind) {
    this.kind = kind;
  }

  /** The members present outside after the plan: what was added and what was removed. */
  public record MemberPlan(Set<String> add, Set<String> remove, int unchanged) implements Plan {
    @Override
    public boolean isEmpty() {
      return add.isEmpty() && remove.isEmpty();
    }

    @Override
    public String summary() {
      return "add " + add.size() + ", remove " + remove.size();
    }
  }

  @Override
  public SystemKind kind() {
    return kind;
  }

  @Override
  public Set<String> observe(GroupContext group) throws SyncException {
    observes.incrementAndGet();
    SyncException e = failure.get();
    if (e != null) {
      throw e;
    }
    return new HashSet<>(world.getOrDefault(group.uid(), Set.of()));
  }

  @Override
  public MemberPlan plan(GroupContext group, Set<String> observed) {
    Set<String> desired = new TreeSet<>();
    for (Member m : group.spec().getMembers()) {
      desired.add(m.getId());
    }
    Set<String> add = new TreeSet<>(desired);
    add.removeAll(observed);
    Set<String> remove = new TreeSet<>(observed);
    remove.removeAll(desired);
    return new MemberPlan(add, remove, desired.size() - add.size());
  }

  @Override
  public SyncReport apply(GroupContext group, MemberPlan plan) {
    Set<String> present = world.computeIfAbsent(group.uid(), k -> ConcurrentHashMap.newKeySet());
    present.addAll(plan.add());
    present.removeAll(plan.remove());
    writes.addAndGet(plan.add().size() + plan.remove().size());
    int members = group.spec().getMembers().size();
    SystemCounts counts = switch (kind) {
      case DISCORD -> {
        DiscordStatus s = new DiscordStatus();
        s.setMembers(members);
        s.setGranted(plan.add().size());
        s.setRevoked(plan.remove().size());
        s.setUnchanged(plan.unchanged());
        s.setFailed(0);
        yield new SystemCounts.Discord(s);
      }
      case CALENDAR -> {
        CalendarStatus s = new CalendarStatus();
        s.setMeetings(group.meetings().size());
        s.setCreated(plan.add().size());
        yield new SystemCounts.Calendar(s, java.util.Map.of(), null);
      }
      case REMINDERS -> {
        ReminderStatus s = new ReminderStatus();
        s.setScheduled(present.size());
        yield new SystemCounts.Reminders(s);
      }
      case RSVPS -> {
        RsvpStatus s = new RsvpStatus();
        s.setRecorded(present.size());
        yield new SystemCounts.Rsvps(s);
      }
    };
    return SyncReport.synced(plan.isEmpty() ? "in sync" : plan.summary(), counts);
  }

  @Override
  public Set<String> targets(dev.study.operator.api.StudyGroupSpec spec) {
    if (!kind.usedBy(spec)) {
      return Set.of();
    }
    // the shapes the real systems record: guildId/channelId for Discord, the calendar id for Calendar and RSVPs
    return switch (kind) {
      case DISCORD -> Set.of(spec.getDiscord().getGuildId() + "/" + spec.getDiscord().getTextChannelId());
      case CALENDAR, RSVPS -> Set.of(spec.getCalendar().getCalendarId());
      case REMINDERS -> Set.of("reminders");
    };
  }

  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    cleanups.incrementAndGet();
    cleanedTargets.add(Set.copyOf(targets));
    SyncException e = cleanupFailure.get();
    if (e != null) {
      throw e;
    }
    world.remove(group.uid());
  }

  public void failWith(SyncException e) {
    failure.set(e);
  }

  public void failCleanupWith(SyncException e) {
    cleanupFailure.set(e);
  }

  public void recover() {
    failure.set(null);
    cleanupFailure.set(null);
  }

  public Set<String> present(String uid) {
    return Set.copyOf(world.getOrDefault(uid, Set.of()));
  }

  public boolean hasAnything(String uid) {
    return world.containsKey(uid) && !world.get(uid).isEmpty();
  }

  public int observes() {
    return observes.get();
  }

  public int writes() {
    return writes.get();
  }

  /** The targets of each cleanup, in order. */
  public java.util.List<Set<String>> cleanedTargets() {
    return java.util.List.copyOf(cleanedTargets);
  }

  public int cleanups() {
    return cleanups.get();
  }
}
