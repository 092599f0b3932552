package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.sync.SyncException;

/**
 * One write queued in one batch request, and what Google answered for it: a final result, a failure worth
 * another try, or nothing yet. Each queued write owns its answer, so no answer is matched to its write by
 * position. Pure: the table of what each refusal means is tested without a server.
 */
final class QueuedWrite {
  private final EventWrite write;
  private boolean answered;
  private WriteResult result;
  private SyncException retry;

  QueuedWrite(EventWrite write) {
    this.write = write;
  }

  EventWrite write() {
    return write;
  }

  boolean answered() {
    return answered;
  }

  /** The final result, or null while the write waits for another try (or for an answer). */
  WriteResult result() {
    return result;
  }

  /** Why the write goes again, or null when it has a result. */
  SyncException retry() {
    return retry;
  }

  /** Google wrote it; {@code event} is its answer, null for a delete (answered with an empty body). */
  void succeeded(ObservedEvent event) {
    answered = true;
    settle(WriteResult.done(write, event));
  }

  /** Google refused it with an error code, the first error's reason and its message. */
  void refused(int code, String reason, String googleMessage) {
    answered = true;
    if (code == 409 && write instanceof EventWrite.Insert insert) {
      settle(WriteResult.exists(insert));
    } else if ((code == 404 || code == 410) && write instanceof EventWrite.Delete delete) {
      // a deleted event answers 410 and one that never was answers 404: either way it is not there
      settle(WriteResult.gone(delete));
    } else if (code == 412 && write instanceof EventWrite.Patch patch) {
      settle(WriteResult.conflict(patch, reason, write.describe() + ": the event changed since it was read (HTTP 412)"));
    } else {
      SyncException failure = GoogleErrors.classify(code, reason, write.describe(), googleMessage);
      if (GoogleErrors.retryNow(failure)) {
        retryBecause(failure);
      } else if (failure.retryAfter().isPresent()) {
        settle(WriteResult.deferred(write, failure.reason(), failure.getMessage(), failure.retryAfter().get()));
      } else {
        settle(WriteResult.failed(write, failure.reason(), failure.getMessage()));
      }
    }
  }

  /** The batch failed as a whole or left this part out: every write is safe to send again. */
  void unanswered() {
    if (!answered) {
      retryBecause(SyncException.retryable(CalendarReasons.ERROR,
          "no answer from Google Calendar for " + write.describe(), null));
    }
  }

  /** The retries are used up: the last failure is the write's result. */
  WriteResult gaveUp() {
    return WriteResult.failed(write, retry.reason(), retry.getMessage());
  }

  private void settle(WriteResult outcome) {
    result = outcome;
    retry = null;
  }

  private void retryBecause(SyncException failure) {
    if (result == null) {
      retry = failure;
    }
  }
}
