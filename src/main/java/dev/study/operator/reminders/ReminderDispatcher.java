package dev.study.operator.reminders;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.store.DatabaseUnavailable;
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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due reminders: asks the {@link ReminderQueue} for one due reminder at a time, sends it with its nonce, and
 * answers with the backoff when the send failed. The queue owns the claim, the lease and the record of each
 * attempt; a send is retried with the same nonce, which Discord (with enforce_nonce) answers with the first message
 * for a few minutes, so a resend after a lost lease or a crash posts once. The protocol is in docs/reminders.md.
 *
 * <p>Failures are retried with backoff until the meeting starts (the deadline); a reminder not delivered by then
 * is recorded as missed. An unchecked exception is an attempt like any other, so one bad row never stalls the
 * rest. Only a replica whose Discord session is connected ({@code canSend}) claims, so a replica that cannot log
 * in neither burns attempts nor delays a healthy one.
 */
public final class ReminderDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderDispatcher.class);
  /** Below this much time before the meeting, a retry would come too late to be read. */
  private static final Duration LAST_CHANCE = Duration.ofSeconds(1);
  /** History rows of meetings older than this are deleted, so the table does not grow forever. */
  static final Duration HISTORY_RETENTION = Duration.ofDays(90);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private final ReminderQueue queue;
  private final ReminderSender sender;
  private final Clock clock;
  private final BackoffPolicy backoff;
  private final ReminderQueue.Lease lease;
  private final BooleanSupplier canSend;
  private final Counter sent;
  private final Counter missed;
  private final Counter failed;
  private final Timer lag;
  private volatile Instant lastProgress;
  private Instant nextPurge = Instant.MIN;
  private ScheduledExecutorService poller;

  /**
   * @param lease how long a claim keeps other replicas off a reminder; longer than a send can take (JDA gives up
   *     after 30 s), short enough that a dead replica's claims are taken over soon
   * @param canSend whether this replica's Discord session is connected; nothing is claimed while it is not
   */
  public ReminderDispatcher(ReminderQueue queue, ReminderSender sender, Clock clock, BackoffPolicy backoff,
      Duration lease, BooleanSupplier canSend, MeterRegistry registry) {
    this.queue = queue;
    this.sender = sender;
    this.clock = clock;
    this.backoff = backoff;
    this.lease = ReminderQueue.Lease.forNewHolder(lease);
    this.canSend = canSend;
    this.lastProgress = clock.instant();
    this.sent = Counter.builder("studygroup.reminders.sent").register(registry);
    this.missed = Counter.builder("studygroup.reminders.missed")
        .description("Reminders that could not be delivered before their meeting started").register(registry);
    this.failed = Counter.builder("studygroup.reminders.failed")
        .description("Reminders Discord refused for good (unknown channel, missing permission)").register(registry);
    this.lag = Timer.builder("studygroup.reminders.lag").description("From due time to send")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  /** Polls at the given interval; a short interval keeps the lag from due time to send under a second. */
  public ReminderDispatcher start(Duration pollInterval) {
    lastProgress = clock.instant();
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "reminder-dispatcher");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::passQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One pass: records reminders whose meeting started as missed, then sends every due one. Returns how many were
   * handled (sent, put off, failed or missed). With PostgreSQL away it stops early and leaves every row as it was.
   */
  public int dispatchDue() {
    int handled = 0;
    try {
      purgeHistoryHourly();
      for (ReminderQueue.Missed m : queue.markMissed(clock.instant())) {
        missed.increment();
        handled++;
        Reminder r = m.reminder();
        LOG.warn("reminder {} missed its deadline: the meeting started at {} before it could be sent ({})",
            r.describe(), r.meetingStart(), m.lastError());
      }
      while (canSend.getAsBoolean()) {
        Optional<ReminderQueue.Delivered> delivered = queue.deliverNextDue(lease, clock.instant(), this::attempt);
        if (delivered.isEmpty()) {
          break;
        }
        count(delivered.get());
        handled++;
        lastProgress = clock.instant();
      }
    } catch (DatabaseUnavailable e) {
      // Database logs the outage once; every row is where it was, and the next pass tries again.
      LOG.debug("reminder pass stopped: {}", e.getMessage());
    }
    lastProgress = clock.instant();
    return handled;
  }

  private void purgeHistoryHourly() throws DatabaseUnavailable {
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) {
      return;
    }
    int purged = queue.purgeHistory(now.minus(HISTORY_RETENTION));
    nextPurge = now.plus(PURGE_EVERY);
    if (purged > 0) {
      LOG.info("purged {} reminder history rows of meetings before {}", purged, now.minus(HISTORY_RETENTION));
    }
  }

  private void passQuietly() {
    try {
      dispatchDue();
    } catch (RuntimeException e) {
      // Not a row's fault (those are caught per row): keep polling; the pass is tried again at the next poll.
      LOG.warn("reminder pass failed: {}", e.toString());
    }
  }

  /** Sends a claimed reminder; every way the send can end becomes what the queue records of it. */
  private DeliveryResult attempt(ReminderQueue.Claim claim) {
    Reminder r = claim.reminder();
    try {
      return DeliveryResult.sent(sender.send(r.guildId(), r.channelId(), ReminderMessage.content(r),
          ReminderMessage.nonce(r.key()), r.mentionUserIds()));
    } catch (ReminderSender.DeliveryException e) {
      return e.permanent() ? DeliveryResult.refused(e.getMessage()) : retryLater(claim, e.getMessage());
    } catch (RuntimeException e) {
      // A bug or a library fault (a stopped JDA throws RejectedExecutionException): an attempt like any other.
      LOG.warn("reminder {} threw while sending, retrying later: {}", r.describe(), e.toString());
      return retryLater(claim, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Backoff, but never past the deadline: the last retry lands halfway to the meeting's start. */
  private DeliveryResult retryLater(ReminderQueue.Claim claim, String error) {
    Instant now = clock.instant();
    Instant start = claim.reminder().meetingStart();
    Instant at = now.plus(backoff.delay(claim.attempts() + 1));
    if (!at.isBefore(start)) {
      Duration left = Duration.between(now, start);
      at = left.compareTo(LAST_CHANCE.multipliedBy(2)) > 0 ? now.plus(left.dividedBy(2)) : start;
    }
    return DeliveryResult.retryAt(at, error);
  }

  /** The metrics and log lines for what the queue recorded; a retry has its log line in the row's last_error. */
  private void count(ReminderQueue.Delivered delivered) {
    Reminder r = delivered.reminder();
    switch (delivered.result().outcome()) {
      case SENT -> {
        if (delivered.recorded()) {
          sent.increment();
          lag.record(Duration.between(r.dueAt(), clock.instant()).abs());
        } else {
          LOG.info("reminder {} was sent, but its row changed meanwhile (moved, or taken over after the lease ran"
              + " out)", r.describe());
        }
      }
      case REFUSED -> {
        if (delivered.recorded()) {
          failed.increment();
          LOG.warn("reminder {} failed for good: {}", r.describe(), delivered.result().detail());
        }
      }
      case RETRY -> { }
    }
  }

  /** When the last pass, or the last reminder of a long pass, finished: a stuck dispatcher stops moving it. */
  public Instant lastProgress() {
    return lastProgress;
  }

  /** Empty while the dispatcher made progress within {@code allowed}; else says since when it has not. */
  public Optional<String> stalled(Duration allowed) {
    Instant last = lastProgress;
    Duration since = Duration.between(last, clock.instant());
    return since.compareTo(allowed) > 0
        ? Optional.of("no reminder pass completed since " + last + " (" + since.toSeconds() + " s)")
        : Optional.empty();
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
