package dev.study.operator.testing.calendar;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults the fake injects: error rules by call kind or path, inserts applied whose replies are dropped or
 * held back, and slow answers.
 */
final class CalendarFaults {
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger dropInsertReplies = new AtomicInteger();
  private final AtomicInteger holdInsertReplies = new AtomicInteger();
  private final AtomicInteger heldInserts = new AtomicInteger();
  private final CountDownLatch releaseHeld = new CountDownLatch(1);
  /** Set by an insert on the handling thread when its reply is to be held; read outside the store's lock. */
  private final ThreadLocal<Boolean> holdThisReply = ThreadLocal.withInitial(() -> false);
  private final AtomicInteger slowAnswers = new AtomicInteger();
  private volatile Duration slowBy = Duration.ZERO;

  void add(FaultRule rule) {
    rules.add(rule);
  }

  /** The first rule for this call that still has a use, which it takes; null when none. */
  FaultRule faultFor(String kind, String path) {
    for (FaultRule rule : rules) {
      if (rule.matches(kind, path)) {
        return rule;
      }
    }
    return null;
  }

  void dropReplyAfterInsert(int times) {
    dropInsertReplies.set(times);
  }

  void holdRepliesAfterInsert(int times) {
    holdInsertReplies.set(times);
  }

  int heldInserts() {
    return heldInserts.get();
  }

  void slowAnswers(Duration delay, int times) {
    slowBy = delay;
    slowAnswers.set(times);
  }

  /** An insert was applied: whether its reply is dropped; a held one is marked on this thread. */
  boolean afterInsert() {
    boolean drop = dropInsertReplies.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    if (holdInsertReplies.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
      heldInserts.incrementAndGet();
      holdThisReply.set(true);
    }
    return drop;
  }

  /** Outside the store's lock, so the rest of the fake keeps answering while one reply is held. */
  void awaitReleaseIfHeld() {
    if (!holdThisReply.get()) {
      return;
    }
    holdThisReply.set(false);
    try {
      releaseHeld.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void awaitSlowness() {
    if (slowAnswers.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
      try {
        // the fake's own latency, not a test waiting: nothing ever counts the latch down
        new CountDownLatch(1).await(slowBy.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Lets every held reply go, as the fake closes. */
  void releaseAll() {
    releaseHeld.countDown();
  }
}
