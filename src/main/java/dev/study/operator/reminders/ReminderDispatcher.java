package dev.study.operator.reminders;

import dev.study.operator.reconcile.BackoffPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due reminders. Each one is claimed with FOR UPDATE SKIP LOCKED and sent while the row stays locked, so
 * replicas never send the same reminder at once; the row is marked sent in the same transaction. A crash
 * between send and commit leaves the row pending, and the resend carries the same Discord nonce, which Discord
 * (with enforce_nonce) answers with the first message instead of a second: at-least-once execution, exactly-once
 * delivery.
 */
public final class ReminderDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderDispatcher.class);
  private final JdbiReminderStore store;
  private final ReminderSender sender;
  private final Clock clock;
  private final BackoffPolicy backoff;
  private final int maxAttempts;
  private final Counter sent;
  private final Counter dropped;
  private final Counter failed;
  private final Timer lag;
  private ScheduledExecutorService poller;

  public ReminderDispatcher(JdbiReminderStore store, ReminderSender sender, Clock clock, BackoffPolicy backoff,
      int maxAttempts, MeterRegistry registry) {
    this.store = store;
    this.sender = sender;
    this.clock = clock;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.sent = Counter.builder("studygroup.reminders.sent").register(registry);
    this.dropped = Counter.builder("studygroup.reminders.dropped")
        .description("Reminders not sent because their meeting had already started").register(registry);
    this.failed = Counter.builder("studygroup.reminders.failed").register(registry);
    this.lag = Timer.builder("studygroup.reminders.lag").description("From due time to send")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  /** Polls at the given interval; a short interval keeps the lag from due time to send under a second. */
  public ReminderDispatcher start(Duration pollInterval) {
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "reminder-dispatcher");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::dispatchDueQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Sends every reminder due now; returns how many were handled (sent, dropped, failed or put off). */
  public int dispatchDue() {
    int handled = 0;
    while (dispatchOne()) {
      handled++;
    }
    return handled;
  }

  private void dispatchDueQuietly() {
    try {
      dispatchDue();
    } catch (RuntimeException e) {
      // The claim's transaction rolled back: the reminder is still pending and is tried at the next poll.
      LOG.warn("reminder dispatch interrupted: {}", e.getMessage());
    }
  }

  private boolean dispatchOne() {
    return store.jdbi().inTransaction(h -> {
      Instant now = clock.instant();
      Optional<Reminder> claimed = store.claimDue(h, now);
      if (claimed.isEmpty()) {
        return false;
      }
      Reminder r = claimed.get();
      if (r.hasMeetingStartedBy(now)) {
        store.markDropped(h, r.key(), "meeting had started when the reminder came due");
        dropped.increment();
        LOG.info("dropped reminder {} of {}/{} meeting {}: the meeting started at {}", r.offset(), r.namespace(),
            r.groupName(), r.meetingNumber(), r.meetingStart());
        return true;
      }
      try {
        String messageId = sender.send(r.channelId(), ReminderMessage.content(r), ReminderMessage.nonce(r.key()));
        store.markSent(h, r.key(), messageId);
        sent.increment();
        lag.record(Duration.between(r.dueAt(), clock.instant()).abs());
      } catch (ReminderSender.DeliveryException e) {
        int attempts = store.attempts(h, r.key()) + 1;
        if (e.permanent() || attempts >= maxAttempts) {
          store.markFailed(h, r.key(), e.getMessage());
          failed.increment();
          LOG.warn("reminder {} of {}/{} meeting {} failed for good: {}", r.offset(), r.namespace(), r.groupName(),
              r.meetingNumber(), e.getMessage());
        } else {
          store.retryLater(h, r.key(), now.plus(backoff.delay(attempts)), e.getMessage());
        }
      }
      return true;
    });
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
