package dev.study.operator.calendar;

import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.reconcile.GroupContext;
import dev.study.operator.reconcile.SyncException;
import dev.study.operator.reconcile.SyncReport;
import dev.study.operator.reconcile.SystemKind;
import dev.study.operator.reconcile.SystemSync;
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
 * create that hits 409 adopts the existing event, which is how a create whose reply was lost is finished.
 */
public final class CalendarSync implements SystemSync<ObservedCalendar, CalendarPlan> {
  private static final Logger LOG = LoggerFactory.getLogger(CalendarSync.class);
  private final CalendarEvents events;

  public CalendarSync(CalendarEvents events) {
    this.events = events;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.CALENDAR;
  }

  @Override
  public ObservedCalendar observe(GroupContext group) throws SyncException {
    String calendarId = target(group).getCalendarId();
    ObservedCalendar observed = new ObservedCalendar(calendarId, events.list(calendarId, group.uid()));
    group.shared().put(ObservedCalendar.class, observed);
    return observed;
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
      for (WriteResult result : events.apply(target.getCalendarId(), target.getSendUpdates(), writes)) {
        if (result.outcome() == WriteResult.Outcome.EXISTS) {
          taken.add((EventWrite.Insert) result.write());
          tally.adoptedIds.add(result.write().eventId());
        } else {
          tally.count(result);
        }
      }
      List<EventWrite> adoptions = new ArrayList<>();
      Map<String, ObservedEvent> relisted = relistIfMany(group, target, taken);
      for (EventWrite.Insert insert : taken) {
        adopt(group, target, insert, relisted, adoptions, tally);
      }
      if (!adoptions.isEmpty()) {
        for (WriteResult result : events.apply(target.getCalendarId(), target.getSendUpdates(), adoptions)) {
          tally.count(result);
        }
      }
    }
    publishCalendarAfterWrites(group, plan, tally);
    CalendarStatus counts = tally.status();
    Map<Integer, String> eventIds = plan.eventIds();
    SyncReport.StatusContribution contribution = status -> {
      status.setCalendar(counts);
      for (MeetingStatus meeting : status.getMeetings()) {
        String id = eventIds.get(meeting.getNumber());
        meeting.setEventId(id != null && !tally.failedIds.contains(id) ? id : null);
      }
    };
    String message = "created " + counts.getCreated() + ", patched " + counts.getPatched() + ", deleted "
        + counts.getDeleted() + ", unchanged " + counts.getUnchanged();
    if (tally.firstFailure == null) {
      return SyncReport.synced("events match the schedule: " + message, contribution);
    }
    return SyncReport.partial(tally.firstFailure.reason(),
        counts.getFailed() + " event write(s) failed, first: " + tally.firstFailure.message() + "; " + message,
        contribution);
  }

  /** Lets the RSVP sync of this reconcile see what was just written; an empty plan leaves the observation as is. */
  private static void publishCalendarAfterWrites(GroupContext group, CalendarPlan plan, Tally tally) {
    if (plan.isEmpty()) {
      return;
    }
    Set<String> uncertain = new HashSet<>(tally.failedIds);
    uncertain.addAll(tally.adoptedIds);
    group.shared().get(ObservedCalendar.class).ifPresent(seen ->
        group.shared().put(ObservedCalendar.class, seen.afterWrites(plan, uncertain, group.uid())));
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

  @Override
  public void cleanup(GroupContext group, Set<String> calendarIds) throws SyncException {
    for (String calendarId : new TreeSet<>(calendarIds)) {
      deleteEvents(group, calendarId);
    }
  }

  /** Deletes the group's events in one calendar, found by the group's private extended property. */
  private void deleteEvents(GroupContext group, String calendarId) throws SyncException {
    SendUpdates sendUpdates = group.spec().getCalendar() == null ? null : group.spec().getCalendar().getSendUpdates();
    List<EventWrite> deletes = new ArrayList<>();
    for (ObservedEvent e : events.list(calendarId, group.uid())) {
      if (!e.cancelled()) {
        deletes.add(new EventWrite.Delete(e.id()));
      }
    }
    if (deletes.isEmpty()) {
      return;
    }
    for (WriteResult result : events.apply(calendarId, sendUpdates, deletes)) {
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

    Tally(CalendarPlan plan) {
      this.meetings = plan.meetings();
      this.unchanged = plan.unchanged();
    }

    void count(WriteResult result) {
      EventWrite write = result.write();
      switch (result.outcome()) {
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
