package dev.study.operator.calendar;

import dev.study.operator.sync.SyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one port call on their way to a result: split into batches that fit the request budget, paced,
 * and the ones Google rate-limited, failed with 5xx or left unanswered sent again after a backoff, as long as the
 * call's wait allowance lasts. Writes the budget cannot fit in time are deferred, never waited for.
 */
final class BatchedWrites {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedWrites.class);
  /**
   * Calls per batch request. Google takes up to 1000 (developers.google.com/calendar/api/guides/batch); 50 keeps
   * a lost reply cheap to send again, and a batch must also fit one burst of the budget (see {@link #chunks}).
   */
  static final int MAX_BATCH = 50;

  /** Sends one batch of writes and returns it answered (or not). */
  @FunctionalInterface
  interface Sender {
    CalendarBatch send(List<EventWrite> writes) throws SyncException;
  }

  private final RequestPacer pacer;
  private final Sender sender;

  BatchedWrites(RequestPacer pacer, Sender sender) {
    this.pacer = pacer;
    this.sender = sender;
  }

  /** One result per write, in the same order. */
  List<WriteResult> apply(List<EventWrite> writes) throws SyncException {
    RequestPacer.Allowance allowance = pacer.allowance();
    // keyed by the write itself: each QueuedWrite hands back the very instance it was queued with
    Map<EventWrite, WriteResult> results = new IdentityHashMap<>();
    List<EventWrite> pending = writes;
    boolean anyAnswered = false;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      List<QueuedWrite> retries = new ArrayList<>();
      List<List<EventWrite>> chunks = chunks(pending);
      for (int c = 0; c < chunks.size(); c++) {
        Optional<Duration> later = allowance.pace(cost(chunks.get(c)));
        if (later.isPresent()) {
          // the budget is spent: what was sent stays written, the rest waits for the sync the reconciler retries
          LOG.debug("calendar request budget spent; deferring writes by {} s", later.get().toSeconds());
          chunks.subList(c, chunks.size()).forEach(rest -> rest.forEach(
              w -> results.put(w, WriteResult.deferred(w, later.get()))));
          break;
        }
        CalendarBatch batch = sender.send(chunks.get(c));
        anyAnswered |= batch.answeredAny();
        batch.queued().stream().filter(q -> q.result() != null).forEach(q -> results.put(q.write(), q.result()));
        retries.addAll(batch.retries());
      }
      if (retries.isEmpty()) {
        break;
      }
      if (!allowance.backoff(attempt)) {
        if (!anyAnswered) {
          throw pacer.gaveUp(retries.get(0).retry(), attempt);
        }
        retries.forEach(q -> results.put(q.write(), q.gaveUp()));
        break;
      }
      LOG.debug("retrying {} of {} calendar writes (attempt {})", retries.size(), writes.size(), attempt + 1);
      pending = retries.stream().map(QueuedWrite::write).toList();
    }
    return writes.stream().map(results::get).toList();
  }

  /** Batches of at most MAX_BATCH calls that each fit one burst of the budget, in order. */
  private List<List<EventWrite>> chunks(List<EventWrite> pending) {
    List<List<EventWrite>> chunks = new ArrayList<>();
    List<EventWrite> chunk = new ArrayList<>();
    int units = 0;
    for (EventWrite write : pending) {
      int cost = QuotaCost.of(write);
      if (!chunk.isEmpty() && (chunk.size() == MAX_BATCH || units + cost > pacer.burst())) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        units = 0;
      }
      chunk.add(write);
      units += cost;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private static int cost(List<EventWrite> chunk) {
    return chunk.stream().mapToInt(QuotaCost::of).sum();
  }
}
