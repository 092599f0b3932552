package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * Every change the mock API server stored, in order, with the resourceVersion it happened at: what an HTTP watch
 * replays from the resourceVersion kubectl names, then follows. The mock has no such history (its websocket watch
 * ignores resourceVersion), so without it a change between kubectl's list and its watch would be lost.
 *
 * <p>The log is bounded; a watch from before its oldest entry is told 410 Expired, as a real API server does once
 * etcd compacted, and kubectl lists again.
 */
final class WatchLog {
  static final int CAPACITY = 20_000;

  /** One change: ADDED, MODIFIED or DELETED, the object after it (before it, for DELETED). */
  record Event(long resourceVersion, String type, JsonNode object) {}

  private final Deque<Event> events = new ArrayDeque<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private long latest;
  private long trimmedUpTo;

  /** Records a change and hands it to every open watch it matches. */
  synchronized void record(Event event) {
    events.addLast(event);
    latest = Math.max(latest, event.resourceVersion());
    if (events.size() > CAPACITY) {
      trimmedUpTo = events.removeFirst().resourceVersion();
    }
    for (Subscription s : subscriptions) {
      s.offer(event);
    }
  }

  /** The newest resourceVersion recorded: a list stamped with it misses nothing that a watch from it replays. */
  synchronized long latest() {
    return latest;
  }

  /**
   * Opens a watch: events after {@code fromVersion} that match, already recorded ones first.
   *
   * @return null when {@code fromVersion} is older than what the log still holds (the watch must answer 410)
   */
  synchronized Subscription subscribe(long fromVersion, Predicate<JsonNode> matches) {
    if (fromVersion < trimmedUpTo) {
      return null;
    }
    Subscription s = new Subscription(matches);
    for (Event e : events) {
      if (e.resourceVersion() > fromVersion) {
        s.offer(e);
      }
    }
    subscriptions.add(s);
    return s;
  }

  void unsubscribe(Subscription s) {
    subscriptions.remove(s);
  }

  /** The events one watch has yet to send. */
  static final class Subscription {
    private final Predicate<JsonNode> matches;
    final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    private Subscription(Predicate<JsonNode> matches) {
      this.matches = matches;
    }

    private void offer(Event e) {
      if (matches.test(e.object())) {
        queue.add(e);
      }
    }
  }
}
