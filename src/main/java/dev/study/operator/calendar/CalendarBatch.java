package dev.study.operator.calendar;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import dev.study.operator.calendar.model.ObservedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch request of event writes: each write is queued with a callback of its own ({@link QueuedWrite}), the
 * batch goes as one HTTP request, and each write keeps what Google answered for it. Google answers insert and
 * patch with the event as it now holds it; a delete answers with an empty body.
 */
final class CalendarBatch {
  private static final Logger LOG = LoggerFactory.getLogger(CalendarBatch.class);
  private final Calendar calendar;
  private final CalendarCallMetrics metrics;
  private final List<QueuedWrite> queued = new ArrayList<>();
  /** Writes worth another try, in the order Google answered them, then the unanswered ones. */
  private final List<QueuedWrite> retries = new ArrayList<>();

  CalendarBatch(Calendar calendar, CalendarCallMetrics metrics, List<EventWrite> writes) {
    this.calendar = calendar;
    this.metrics = metrics;
    writes.forEach(w -> queued.add(new QueuedWrite(w)));
  }

  /** Sends the writes to the calendar; afterwards every one has a result or is among {@link #retries}. */
  CalendarBatch send(String calendarId, String sendUpdates) {
    try {
      BatchRequest batch = calendar.batch();
      for (QueuedWrite write : queued) {
        queue(batch, calendarId, sendUpdates, write);
      }
      long start = metrics.start();
      try {
        batch.execute();
        metrics.answered("batch", start);
      } catch (IOException e) {
        metrics.noAnswer("batch", start);
        throw e;
      }
    } catch (IOException e) {
      LOG.debug("calendar batch of {} got no usable answer: {}", queued.size(), e.getClass().getSimpleName());
    }
    for (QueuedWrite write : queued) {
      if (!write.answered()) {
        // a reply with too few parts leaves the rest of the callbacks silently uncalled
        write.unanswered();
        retries.add(write);
      }
    }
    return this;
  }

  List<QueuedWrite> queued() {
    return queued;
  }

  List<QueuedWrite> retries() {
    return retries.stream().filter(w -> w.retry() != null).toList();
  }

  boolean answeredAny() {
    return queued.stream().anyMatch(QueuedWrite::answered);
  }

  private void queue(BatchRequest batch, String calendarId, String sendUpdates, QueuedWrite queuedWrite)
      throws IOException {
    EventWrite write = queuedWrite.write();
    if (write instanceof EventWrite.Insert insert) {
      calendar.events()
          .insert(calendarId, GoogleEventMapping.event(insert.event(), EventDiff.newAttendees(insert.event()),
              insert.ownerUid()).setId(insert.eventId()))
          .setSendUpdates(sendUpdates)
          .queue(batch, callback(queuedWrite, GoogleEventMapping::observed));
    } else if (write instanceof EventWrite.Patch patch) {
      Calendar.Events.Patch request = calendar.events()
          .patch(calendarId, patch.eventId(), GoogleEventMapping.event(patch.patch().desired(),
              patch.patch().attendees(), patch.ownerUid()))
          .setSendUpdates(sendUpdates);
      if (patch.patch().etag() != null) {
        // conditional modification: Google answers 412 if the event changed since it was read
        // (developers.google.com/calendar/api/guides/version-resources)
        request.setRequestHeaders(new HttpHeaders().setIfMatch(patch.patch().etag()));
      }
      request.queue(batch, callback(queuedWrite, GoogleEventMapping::observed));
    } else {
      calendar.events()
          .delete(calendarId, write.eventId())
          .setSendUpdates(sendUpdates)
          .queue(batch, callback(queuedWrite, (Void empty) -> null));
    }
  }

  /** The callback of one queued write; {@code answer} reads Google's body (an Event, or nothing for a delete). */
  private <T> JsonBatchCallback<T> callback(QueuedWrite write, Function<T, ObservedEvent> answer) {
    String operation = operation(write.write());
    return new JsonBatchCallback<>() {
      @Override
      public void onSuccess(T body, HttpHeaders headers) {
        metrics.inBatch(operation, 200, null);
        write.succeeded(body == null ? null : answer.apply(body));
      }

      @Override
      public void onFailure(GoogleJsonError error, HttpHeaders headers) {
        String reason = GoogleErrors.reasonOf(error);
        metrics.inBatch(operation, error.getCode(), reason);
        write.refused(error.getCode(), reason, error.getMessage());
        if (write.retry() != null) {
          retries.add(write);
        }
      }
    };
  }

  /** The operation label of a write inside a batch, as Google's quota counts it. */
  private static String operation(EventWrite write) {
    return write instanceof EventWrite.Insert ? "insert" : write instanceof EventWrite.Patch ? "patch" : "delete";
  }
}
