package dev.study.operator.testing.calendar;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls by kind (each call inside a batch counts), HTTP requests, and the sendUpdates of every write. */
final class CallCounters {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final List<String> sendUpdates = new CopyOnWriteArrayList<>();
  private final List<FakeCalendar.Call> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final AtomicInteger batches = new AtomicInteger();
  /** The batch the handling thread is answering the parts of; 0 outside a batch. */
  private final ThreadLocal<Integer> currentBatch = ThreadLocal.withInitial(() -> 0);

  /** Counts one events API call of a calendar, with when it came and in which batch. */
  void call(String kind, String calendarId) {
    record(kind);
    calls.add(new FakeCalendar.Call(kind, calendarId, System.nanoTime(), currentBatch.get()));
  }

  /** The calls answered from now until {@link #endBatch} belong to a new batch request. */
  void beginBatch() {
    currentBatch.set(batches.incrementAndGet());
  }

  void endBatch() {
    currentBatch.set(0);
  }

  List<FakeCalendar.Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  void record(String kind) {
    counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  int count(String kind) {
    AtomicInteger n = counts.get(kind);
    return n == null ? 0 : n.get();
  }

  void httpRequest() {
    httpRequests.incrementAndGet();
  }

  int httpRequests() {
    return httpRequests.get();
  }

  void sendUpdates(String value) {
    sendUpdates.add(value);
  }

  List<String> sendUpdates() {
    return List.copyOf(sendUpdates);
  }

  void reset() {
    counts.clear();
    calls.clear();
    sendUpdates.clear();
    httpRequests.set(0);
  }
}
