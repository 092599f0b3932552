package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Calendar system: one event per meeting, with exactly the members as attendees. Observes with one list
 * call (shared with the RSVP sync), plans with {@link EventDiff}, and applies the plan through the port. A
 * create that hits 409 adopts the existing event, which is how a create whose reply was lost is finished; a
 * patch that hits 412 (the event changed since the list) is read and planned again. Writes the request budget
 * defers end the sync as RateLimited with the budget's retry-after.
 */
public final class CalendarSync implements SystemSync<ObservedCalendar, CalendarPlan> {
  private static final Logger LOG = LoggerFactory.getLogger(CalendarSync.class);
  /** How often a patch refused with 412 is read and planned again within one sync. */
  private static final int MAX_REPLANS = 2;
  private final CalendarApi events;

  public CalendarSync(CalendarApi events) {
    this.events = events;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.CALENDAR;
  }

  @Override
  public ObservedCalendar observe(GroupContext group) throws SyncException {
    String calendarId = target(group).getCalendarId();
    return new ObservedCalendar(calendarId, events.list(calendarId, group.uid()));
  }

  @Override
  public CalendarPlan plan(GroupContext group, ObservedCalendar observed) {
    return EventDiff.plan(group.uid(), EventDiff.desired(group), observed.events(), group.now());
  }

  @Override
  public SyncReport apply(GroupContext group, CalendarPlan plan) throws SyncException {
    CalendarTarget target = target(group);
    Tally tally = new Tally(plan);
    if (!plan.isEmpty()) {
      List<EventWrite> writes = new ArrayList<>();
      plan.creates().forEach(e -> writes.add(new EventWrite.Insert(e, group.uid())));
      plan.patches().forEach(p -> writes.add(new EventWrite.Patch(p, group.uid())));
      plan.deletes().forEach(id -> writes.add(new EventWrite.Delete(id)));
      List<EventWrite.Insert> taken = new ArrayList<>();
      List<EventWrite.Patch> conflicts = new ArrayList<>();
      for (WriteResult result : events.apply(target.getCalendarId(), target.getSendUpdates(), writes)) {
        if (result.outcome() == WriteResult.Outcome.EXISTS) {
          taken.add((EventWrite.Insert) result.write());
          tally.adoptedIds.add(result.write().eventId());
        } else {
          tally.countOrConflict(result, conflicts);
        }
      }
      List<EventWrite> adoptions = new ArrayList<>();
      Map<String, ObservedEvent> relisted = relistIfMany(group, target, taken);
      for (EventWrite.Insert insert : taken) {
        adopt(group, target, insert, relisted, adoptions, tally);
      }
      if (!adoptions.isEmpty()) {
        for (WriteResult result : events.apply(target.getCalendarId(), target.getSendUpdates(), adoptions)) {
          tally.countOrConflict(result, conflicts);
        }
      }
      replanConflicts(group, target, conflicts, tally);
    }
    CalendarStatus counts = tally.status();
    Map<Integer, String> eventIds = new HashMap<>(plan.eventIds());
    eventIds.values().removeAll(tally.failedIds);
    SystemCounts contribution = new SystemCounts.Calendar(counts, eventIds, afterWrites(group, target, plan, tally));
    String message = "created " + counts.getCreated() + ", patched " + counts.getPatched() + ", deleted "
        + counts.getDeleted() + ", unchanged " + counts.getUnchanged();
    if (tally.firstFailure == null && tally.retryAfter == null) {
      return SyncReport.synced("events match the schedule: " + message, contribution);
    }
    if (tally.firstFailure == null) {
      // the budget ran out: what was written stays written, the rest goes when the budget allows it
      return SyncReport.partial(CalendarReasons.RATE_LIMITED, tally.deferred + " event write(s) wait for the "
          + "request budget, retrying in " + tally.retryAfter.toSeconds() + " s; " + message, tally.retryAfter,
          contribution);
    }
    return SyncReport.partial(tally.firstFailure.reason(),
        counts.getFailed() + " event write(s) failed, first: " + tally.firstFailure.message() + "; " + message,
        tally.retryAfter, contribution);
  }

  /**
   * Patches refused with 412: the event changed between the list and the patch (an attendee answered, someone
   * edited it). Each is read again and planned again from what it holds now, so the change is kept, not reverted.
   * An event that keeps changing under the operator is left for the next sync.
   */
  private void replanConflicts(GroupContext group, CalendarTarget target, List<EventWrite.Patch> conflicts,
      Tally tally) throws SyncException {
    for (int round = 1; round <= MAX_REPLANS && !conflicts.isEmpty(); round++) {
      List<EventWrite> replanned = new ArrayList<>();
      for (EventWrite.Patch stale : conflicts) {
        Optional<ObservedEvent> fresh = events.get(target.getCalendarId(), stale.eventId());
        if (fresh.isEmpty()) {
          tally.count(WriteResult.failed(stale, CalendarReasons.ERROR,
              "patch event " + stale.eventId() + ": HTTP 412 but the event cannot be read"));
          continue;
        }
        Optional<EventPatch> patch = EventDiff.patchFor(group.uid(), stale.patch().desired(), fresh.get());
        if (patch.isPresent()) {
          replanned.add(new EventWrite.Patch(patch.get(), group.uid()));
        } else {
          tally.count(WriteResult.done(stale, null)); // the change made since left the event right
        }
      }
      conflicts = new ArrayList<>();
      if (!replanned.isEmpty()) {
        for (WriteResult result : events.apply(target.getCalendarId(), target.getSendUpdates(), replanned)) {
          tally.countOrConflict(result, conflicts);
        }
      }
    }
    for (EventWrite.Patch stale : conflicts) {
      tally.count(WriteResult.failed(stale, CalendarReasons.ERROR, "patch event " + stale.eventId()
          + ": the event kept changing while it was patched (HTTP 412)"));
    }
  }

  /** What the RSVP sync of this reconcile reads: the calendar as the writes left it. */
  private static ObservedCalendar afterWrites(GroupContext group, CalendarTarget target, CalendarPlan plan,
      Tally tally) {
    ObservedCalendar seen = new ObservedCalendar(target.getCalendarId(), plan.observed());
    if (plan.isEmpty()) {
      return seen;
    }
    Set<String> uncertain = new HashSet<>(tally.failedIds);
    uncertain.addAll(tally.adoptedIds);
    uncertain.addAll(tally.unwrittenIds);
    return EventsAfterWrites.afterWrites(seen, plan, uncertain, group.uid());
  }

  /**
   * A create found its id taken: the event is ours from a create whose reply was lost, or was stripped of its
   * ownership mark by hand. Read it and patch it only if it differs; it keeps its attendees' responses.
   */
  private void adopt(GroupContext group, CalendarTarget target, EventWrite.Insert insert,
      Map<String, ObservedEvent> relisted, List<EventWrite> adoptions, Tally tally) throws SyncException {
    Optional<ObservedEvent> existing = relisted.containsKey(insert.eventId())
        ? Optional.of(relisted.get(insert.eventId()))
        : events.get(target.getCalendarId(), insert.eventId());
    if (existing.isEmpty()) {
      tally.count(WriteResult.failed(insert, CalendarReasons.ERROR,
          "create event " + insert.eventId() + ": HTTP 409 but the event cannot be read"));
      return;
    }
    Optional<EventPatch> patch = EventDiff.patchFor(group.uid(), insert.event(), existing.get());
    if (patch.isPresent()) {
      LOG.info("adopting calendar event {} of {} ({})", insert.eventId(), group.ref(), patch.get().changes());
      adoptions.add(new EventWrite.Patch(patch.get(), group.uid()));
    } else {
      tally.created++;
    }
  }

  /**
   * Several creates hit 409 at once, typically a batch whose reply was lost and was sent again: one list reads
   * them all, where a get each would cost a request per event. Events not marked as ours are read one by one.
   */
  private Map<String, ObservedEvent> relistIfMany(GroupContext group, CalendarTarget target,
      List<EventWrite.Insert> taken) throws SyncException {
    Map<String, ObservedEvent> byId = new HashMap<>();
    if (taken.size() > 1) {
      for (ObservedEvent e : events.list(target.getCalendarId(), group.uid())) {
        byId.put(e.id(), e);
      }
    }
    return byId;
  }

  /** The calendar the group's events live in. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return spec.getCalendar() == null ? Set.of() : Set.of(spec.getCalendar().getCalendarId());
  }

  /**
   * Deletes the group's events in each calendar given. A calendar the spec still names is being cleaned at
   * deletion: every event of the group goes, past ones included. A calendar the spec no longer names is a target
   * the group left (calendarId changed or spec.calendar removed, or one recorded earlier): only events that
   * start after now are cancelled, since past meetings there are history. With spec.calendar gone, attendees are
   * not notified (sendUpdates none).
   */
  @Override
  public void cleanup(GroupContext group, Set<String> calendarIds) throws SyncException {
    Set<String> current = targets(group.spec());
    for (String calendarId : new TreeSet<>(calendarIds)) {
      deleteEvents(group, calendarId, !current.contains(calendarId));
    }
  }

  /** Deletes the group's events in one calendar (only the future ones if asked), found by the ownership mark. */
  private void deleteEvents(GroupContext group, String calendarId, boolean futureOnly) throws SyncException {
    SendUpdates sendUpdates = group.spec().getCalendar() == null ? null : group.spec().getCalendar().getSendUpdates();
    List<EventWrite> deletes = new ArrayList<>();
    for (ObservedEvent e : events.list(calendarId, group.uid())) {
      boolean wanted = !futureOnly || (e.start() != null && e.start().isAfter(group.now()));
      if (!e.cancelled() && wanted) {
        deletes.add(new EventWrite.Delete(e.id()));
      }
    }
    if (deletes.isEmpty()) {
      return;
    }
    for (WriteResult result : events.apply(calendarId, sendUpdates, deletes)) {
      if (result.outcome() == WriteResult.Outcome.DEFERRED) {
        throw new SyncException(result.reason(), "could not delete the group's events in " + calendarId + " yet: "
            + result.message(), true, result.retryAfter(), null);
      }
      if (result.outcome() == WriteResult.Outcome.FAILED) {
        throw SyncException.retryable(result.reason(), "could not delete the group's events: " + result.message(), null);
      }
    }
  }

  private static CalendarTarget target(GroupContext group) {
    CalendarTarget target = group.spec().getCalendar();
    if (target == null) {
      throw new IllegalStateException("the Calendar system runs only for groups with spec.calendar");
    }
    return target;
  }

  /** Counts of one apply, for status. */
  private static final class Tally {
    private final int meetings;
    private int created;
    private int patched;
    private int deleted;
    private int unchanged;
    private int failed;
    private final Set<String> failedIds = new HashSet<>();
    /** Creates that hit 409 and were adopted: what the event now holds was not written by this plan alone. */
    private final Set<String> adoptedIds = new HashSet<>();
    private WriteResult firstFailure;
    /** Writes not sent (deferred by the budget): what Google holds for them is what was observed. */
    private final Set<String> unwrittenIds = new HashSet<>();
    private int deferred;
    private Duration retryAfter;

    Tally(CalendarPlan plan) {
      this.meetings = plan.meetings();
      this.unchanged = plan.unchanged();
    }

    void countOrConflict(WriteResult result, List<EventWrite.Patch> conflicts) {
      if (result.outcome() == WriteResult.Outcome.CONFLICT) {
        conflicts.add((EventWrite.Patch) result.write());
        unwrittenIds.add(result.write().eventId()); // written from a fresh read, not as the plan says
      } else {
        count(result);
      }
    }

    void count(WriteResult result) {
      EventWrite write = result.write();
      switch (result.outcome()) {
        case DEFERRED -> {
          deferred++;
          unwrittenIds.add(write.eventId());
          if (write instanceof EventWrite.Insert) {
            failedIds.add(write.eventId()); // not created yet: the meeting has no event id
          }
          if (retryAfter == null || result.retryAfter().compareTo(retryAfter) < 0) {
            retryAfter = result.retryAfter();
          }
        }
        case CONFLICT -> throw new IllegalStateException("a 412 is planned again, never counted");
        case DONE, GONE, EXISTS -> {
          if (write instanceof EventWrite.Insert) {
            created++;
          } else if (write instanceof EventWrite.Patch) {
            patched++;
          } else {
            deleted++;
          }
        }
        case FAILED -> {
          failed++;
          failedIds.add(write.eventId());
          if (firstFailure == null) {
            firstFailure = result;
          }
        }
      }
    }

    CalendarStatus status() {
      CalendarStatus s = new CalendarStatus();
      s.setMeetings(meetings);
      s.setCreated(created);
      s.setPatched(patched);
      s.setDeleted(deleted);
      s.setUnchanged(unchanged);
      s.setFailed(failed);
      return s;
    }
  }
}
