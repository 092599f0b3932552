package dev.study.operator.calendar;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a plan's write results to their end when Google refused some for a conflict, and hands every settled
 * result on. A create whose id is taken (409) adopts the event there: it is ours from a create whose reply was
 * lost, or was stripped of its ownership mark by hand, and is patched only if it differs. A patch whose etag is
 * stale (412: the event changed since the list) is read and planned again, so the change is kept, not reverted.
 * Where an event is read, the settled result carries what Google answered.
 */
final class WriteConflicts {
  private static final Logger LOG = LoggerFactory.getLogger(WriteConflicts.class);
  /** How often a patch refused with 412 is read and planned again within one sync. */
  private static final int MAX_REPLANS = 2;
  private final CalendarApi calendarApi;
  private final GroupContext group;
  private final CalendarTarget target;
  private final Consumer<WriteResult> settled;

  WriteConflicts(CalendarApi calendarApi, GroupContext group, CalendarTarget target, Consumer<WriteResult> settled) {
    this.calendarApi = calendarApi;
    this.group = group;
    this.target = target;
    this.settled = settled;
  }

  /** Settles the results of a plan's writes, following up every 409 and 412 among them. */
  void settle(List<WriteResult> results) throws SyncException {
    List<EventWrite.Insert> taken = new ArrayList<>();
    List<EventWrite.Patch> stale = new ArrayList<>();
    sort(results, taken, stale);
    List<EventWrite> adoptions = new ArrayList<>();
    Map<String, ObservedEvent> relisted = relistIfMany(taken);
    for (EventWrite.Insert insert : taken) {
      adopt(insert, relisted).ifPresent(adoptions::add);
    }
    if (!adoptions.isEmpty()) {
      sort(write(adoptions), taken, stale);
    }
    replan(stale);
  }

  /** Conflicts into their lists; every other result is settled. */
  private void sort(List<WriteResult> results, List<EventWrite.Insert> taken, List<EventWrite.Patch> stale) {
    for (WriteResult result : results) {
      if (result.outcome() == WriteResult.Outcome.EXISTS) {
        taken.add((EventWrite.Insert) result.write());
      } else if (result.outcome() == WriteResult.Outcome.CONFLICT) {
        stale.add((EventWrite.Patch) result.write());
      } else {
        settled.accept(result);
      }
    }
  }

  /** The patch that adopts the event whose id a create found taken; empty when it needs none (or is unreadable). */
  private Optional<EventWrite> adopt(EventWrite.Insert insert, Map<String, ObservedEvent> relisted)
      throws SyncException {
    Optional<ObservedEvent> existing = relisted.containsKey(insert.eventId())
        ? Optional.of(relisted.get(insert.eventId()))
        : calendarApi.get(target.getCalendarId(), insert.eventId());
    if (existing.isEmpty()) {
      settled.accept(WriteResult.failed(insert, CalendarReasons.ERROR,
          insert.describe() + ": HTTP 409 but the event cannot be read"));
      return Optional.empty();
    }
    Optional<EventPatch> patch = EventDiff.patchFor(group.uid(), insert.event(), existing.get());
    if (patch.isEmpty()) {
      settled.accept(WriteResult.done(insert, existing.get())); // already right: the lost create did land
      return Optional.empty();
    }
    LOG.info("adopting calendar event {} of {} ({})", insert.eventId(), group.ref(), patch.get().changes());
    return Optional.of(new EventWrite.Patch(patch.get(), group.uid()));
  }

  /**
   * Several creates hit 409 at once, typically a batch whose reply was lost and was sent again: one list reads
   * them all, where a get each would cost a request per event. Events not marked as ours are read one by one.
   */
  private Map<String, ObservedEvent> relistIfMany(List<EventWrite.Insert> taken) throws SyncException {
    Map<String, ObservedEvent> byId = new HashMap<>();
    if (taken.size() > 1) {
      for (ObservedEvent e : calendarApi.list(target.getCalendarId(), group.uid())) {
        byId.put(e.id(), e);
      }
    }
    return byId;
  }

  /**
   * Each stale patch is read again and planned again from what the event holds now. An event that keeps
   * changing under the operator is left for the next sync.
   */
  private void replan(List<EventWrite.Patch> stale) throws SyncException {
    List<EventWrite.Patch> conflicts = stale;
    for (int round = 1; round <= MAX_REPLANS && !conflicts.isEmpty(); round++) {
      List<EventWrite> replanned = new ArrayList<>();
      for (EventWrite.Patch patch : conflicts) {
        Optional<ObservedEvent> fresh = calendarApi.get(target.getCalendarId(), patch.eventId());
        if (fresh.isEmpty()) {
          settled.accept(WriteResult.failed(patch, CalendarReasons.ERROR,
              patch.describe() + ": HTTP 412 but the event cannot be read"));
          continue;
        }
        Optional<EventPatch> again = EventDiff.patchFor(group.uid(), patch.patch().desired(), fresh.get());
        if (again.isPresent()) {
          replanned.add(new EventWrite.Patch(again.get(), group.uid()));
        } else {
          settled.accept(WriteResult.done(patch, fresh.get())); // the change made since left the event right
        }
      }
      conflicts = new ArrayList<>();
      if (!replanned.isEmpty()) {
        sort(write(replanned), new ArrayList<>(), conflicts);
      }
    }
    for (EventWrite.Patch patch : conflicts) {
      settled.accept(WriteResult.failed(patch, CalendarReasons.ERROR,
          patch.describe() + ": the event kept changing while it was patched (HTTP 412)"));
    }
  }

  private List<WriteResult> write(List<EventWrite> writes) throws SyncException {
    return calendarApi.apply(target.getCalendarId(), target.getSendUpdates(), writes);
  }
}
