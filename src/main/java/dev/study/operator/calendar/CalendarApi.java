package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.sync.SyncException;
import java.util.List;
import java.util.Optional;

/**
 * The narrow port to a calendar: exactly the calls the Calendar system makes. Failures that stop the whole
 * sync (calendar not found, forbidden, unauthorized, rate limits that outlast the retries) are thrown as
 * SyncException; failures of single writes come back as results, so the rest of a plan still lands.
 */
public interface CalendarApi {
  /** Every event marked with the owner's uid, deleted (cancelled) ones included. One list call, paged. */
  List<ObservedEvent> list(String calendarId, String ownerUid) throws SyncException;

  /** One event by id, deleted or not, whoever marked it; empty when the id was never used. */
  Optional<ObservedEvent> get(String calendarId, String eventId) throws SyncException;

  /** Applies the writes, batched, and returns one result per write in the same order. */
  List<WriteResult> apply(String calendarId, SendUpdates sendUpdates, List<EventWrite> writes) throws SyncException;
}
