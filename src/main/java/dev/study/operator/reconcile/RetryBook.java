package dev.study.operator.reconcile;

import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.api.SystemRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-system failure counts and retry times, read from and written back to status.retries so that backoff
 * survives an operator restart. A new generation makes every system due at once.
 */
final class RetryBook {
  private final List<SystemRetry> entries;

  RetryBook(List<SystemRetry> fromStatus) {
    this.entries = new ArrayList<>();
    if (fromStatus != null) {
      for (SystemRetry r : fromStatus) {
        entries.add(copy(r));
      }
    }
  }

  boolean isDue(SystemKind kind, long generation, Instant now) {
    return find(kind)
        .map(r -> !Objects.equals(r.getGeneration(), generation) || !Instant.parse(r.getNotBefore()).isAfter(now))
        .orElse(true);
  }

  /** Records a failure and returns when the system may be tried again. */
  Instant recordFailure(SystemKind kind, long generation, Instant now, BackoffPolicy policy, Duration atLeast) {
    return recordFailure(kind, generation, now, policy, atLeast, false);
  }

  /** As above; {@code permanent} marks a failure retrying cannot fix, which makes the group Stalled. */
  Instant recordFailure(SystemKind kind, long generation, Instant now, BackoffPolicy policy, Duration atLeast,
      boolean permanent) {
    SystemRetry entry = entryFor(kind);
    boolean sameGeneration = Objects.equals(entry.getGeneration(), generation) && entry.getFailures() != null;
    int failures = sameGeneration ? entry.getFailures() + 1 : 1;
    Duration wait = policy.delay(failures);
    if (atLeast != null && atLeast.compareTo(wait) > 0) {
      wait = atLeast;
    }
    Instant notBefore = now.plus(wait);
    entry.setFailures(failures);
    entry.setGeneration(generation);
    entry.setNotBefore(notBefore.toString());
    entry.setPermanent(permanent ? Boolean.TRUE : null);
    return notBefore;
  }

  /**
   * Schedules the system for a time it chose itself (its own quota has room again then). It is no failure: the
   * count does not grow, so the backoff of a later real failure starts where it was.
   */
  void defer(SystemKind kind, long generation, Instant now, Duration until) {
    SystemRetry entry = entryFor(kind);
    boolean sameGeneration = Objects.equals(entry.getGeneration(), generation) && entry.getFailures() != null;
    entry.setFailures(sameGeneration ? entry.getFailures() : 0);
    entry.setGeneration(generation);
    entry.setNotBefore(now.plus(until).toString());
    entry.setPermanent(null);
  }

  void clearAll() {
    entries.clear();
  }

  void clear(SystemKind kind) {
    entries.removeIf(r -> kind.conditionType().equals(r.getSystem()));
  }

  boolean isPermanent(SystemKind kind) {
    return find(kind).map(r -> Boolean.TRUE.equals(r.getPermanent())).orElse(false);
  }

  Optional<Instant> earliestRetry() {
    return entries.stream().map(r -> Instant.parse(r.getNotBefore())).min(Instant::compareTo);
  }

  List<SystemRetry> entries() {
    List<SystemRetry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> SystemKind.ofConditionType(a.getSystem()).compareTo(SystemKind.ofConditionType(b.getSystem())));
    return sorted;
  }

  private SystemRetry entryFor(SystemKind kind) {
    return find(kind).orElseGet(() -> {
      SystemRetry fresh = new SystemRetry();
      fresh.setSystem(kind.conditionType());
      entries.add(fresh);
      return fresh;
    });
  }

  private Optional<SystemRetry> find(SystemKind kind) {
    return entries.stream().filter(r -> kind.conditionType().equals(r.getSystem())).findFirst();
  }

  private static SystemRetry copy(SystemRetry r) {
    SystemRetry c = new SystemRetry();
    c.setSystem(r.getSystem());
    c.setFailures(r.getFailures());
    c.setGeneration(r.getGeneration());
    c.setNotBefore(r.getNotBefore());
    c.setPermanent(r.getPermanent());
    return c;
  }
}
