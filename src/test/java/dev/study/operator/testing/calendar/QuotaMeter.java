package dev.study.operator.testing.calendar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google's per-user quota over a sliding minute ("Quotas are calculated per minute using a sliding window",
 * developers.google.com/calendar/api/guides/quota), each call weighed by its documented cost. Off until
 * {@link #limit} is called; the units spent are counted either way.
 */
final class QuotaMeter {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final Map<String, List<long[]>> spentUnits = new HashMap<>();
  private final Map<String, Integer> unitsByUser = new ConcurrentHashMap<>();
  private volatile int units;
  private volatile int status;
  private volatile String reason;

  void limit(int units, int status, String reason) {
    this.status = status;
    this.reason = reason;
    this.units = units;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  /** Takes the call's units from the user's sliding minute; false (nothing taken) when that would exceed it. */
  synchronized boolean spend(String user, int cost, long nowMillis) {
    List<long[]> spent = spentUnits.computeIfAbsent(user, u -> new ArrayList<>());
    spent.removeIf(entry -> entry[0] <= nowMillis - WINDOW.toMillis());
    int inWindow = spent.stream().mapToInt(entry -> (int) entry[1]).sum();
    if (units > 0 && inWindow + cost > units) {
      return false;
    }
    spent.add(new long[] {nowMillis, cost});
    unitsByUser.merge(user, cost, Integer::sum);
    return true;
  }

  int unitsSpent(String user) {
    return unitsByUser.getOrDefault(user, 0);
  }
}
