package dev.study.operator.calendar;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Calendar system: one event per meeting, with exactly the members as attendees. Observes with one list
 * call, plans with {@link EventDiff}, and applies the plan through the port; creates that hit 409 and patches
 * that hit 412 are taken to their end by {@link WriteConflicts}. Writes the request budget defers end the sync
 * as RateLimited with the budget's retry-after. Its report hands the events as Google answered the writes
 * ({@link EventsAsAnswered}) to the RSVP sync of the same reconcile.
 */
public final class CalendarSync implements SystemSync<ObservedCalendar, CalendarPlan> {
  private final CalendarApi calendarApi;

  public CalendarSync(CalendarApi calendarApi) {
    this.calendarApi = calendarApi;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.CALENDAR;
  }

  @Override
  public ObservedCalendar observe(GroupContext group) throws SyncException {
    String calendarId = target(group).getCalendarId();
    return new ObservedCalendar(calendarId, calendarApi.list(calendarId, group.uid()));
  }

  @Override
  public CalendarPlan plan(GroupContext group, ObservedCalendar observed) {
    return EventDiff.plan(group.uid(), EventDiff.desired(group), observed.events(), group.now());
  }

  @Override
  public SyncReport apply(GroupContext group, CalendarPlan plan) throws SyncException {
    CalendarTarget target = target(group);
    CalendarWriteCounts counts = new CalendarWriteCounts(plan);
    EventsAsAnswered answered = new EventsAsAnswered(new ObservedCalendar(target.getCalendarId(), plan.observed()));
    if (!plan.isEmpty()) {
      WriteConflicts conflicts = new WriteConflicts(calendarApi, group, target, result -> {
        counts.count(result);
        answered.record(result);
      });
      conflicts.settle(calendarApi.apply(target.getCalendarId(), target.getSendUpdates(), writes(group, plan)));
    }
    return counts.report(answered.calendar());
  }

  /** The plan as the port's writes: creates, then patches, then deletes. */
  private static List<EventWrite> writes(GroupContext group, CalendarPlan plan) {
    List<EventWrite> writes = new ArrayList<>();
    plan.creates().forEach(e -> writes.add(new EventWrite.Insert(e, group.uid())));
    plan.patches().forEach(p -> writes.add(new EventWrite.Patch(p, group.uid())));
    plan.deletes().forEach(id -> writes.add(new EventWrite.Delete(id)));
    return writes;
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
    for (ObservedEvent e : calendarApi.list(calendarId, group.uid())) {
      boolean wanted = !futureOnly || (e.start() != null && e.start().isAfter(group.now()));
      if (!e.cancelled() && wanted) {
        deletes.add(new EventWrite.Delete(e.id()));
      }
    }
    if (deletes.isEmpty()) {
      return;
    }
    for (WriteResult result : calendarApi.apply(calendarId, sendUpdates, deletes)) {
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
}
