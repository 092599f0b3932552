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
    sendUpdates.clear();
    httpRequests.set(0);
  }
}
