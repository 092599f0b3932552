package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One system's turn in a reconcile: if it is due, first clean the targets the spec dropped, then (unless the
 * Discord scope blocks it) sync what the spec names, and book the outcome in the retry book.
 */
final class SystemStep {
  private final Map<SystemKind, SystemSync<?, ?>> systems;
  private final SystemRunner runner;
  private final TargetCleaner cleaner;
  private final BackoffPolicy backoff;
  private final SyncMetrics metrics;
  private final Duration resyncInterval;

  SystemStep(Map<SystemKind, SystemSync<?, ?>> systems, SystemRunner runner, TargetCleaner cleaner,
      BackoffPolicy backoff, SyncMetrics metrics, Duration resyncInterval) {
    this.systems = systems;
    this.runner = runner;
    this.cleaner = cleaner;
    this.backoff = backoff;
    this.metrics = metrics;
    this.resyncInterval = resyncInterval;
  }

  /** What one reconcile shares between the steps of its systems. */
  record Round(StudyGroup group, RetryBook retries, TargetBook targets, DiscordScope scope,
      DiscordScope.Verdict verdict, Set<String> released) {}

  /** The system's run, or null when it waits out its backoff and keeps its last condition. */
  SystemRun<?> run(SystemKind kind, GroupContext ctx, Round round) {
    SystemSync<?, ?> system = systems.get(kind);
    RetryBook retries = round.retries();
    boolean used = kind.usedBy(ctx.spec());
    if (system == null) {
      retries.clear(kind);
      return SystemRun.reportOnly(used ? SyncReport.operatorNotConfigured(kind) : SyncReport.notConfigured(kind));
    }
    Set<String> recorded = round.targets().recorded(kind);
    Set<String> wanted = used ? system.targets(ctx.spec()) : Set.of();
    Set<String> stale = new TreeSet<>(recorded);
    stale.removeAll(wanted);
    if (!used && stale.isEmpty()) {
      retries.clear(kind);
      return SystemRun.reportOnly(SyncReport.notConfigured(kind));
    }
    if (!retries.isDue(kind, ctx.generation(), ctx.now())) {
      return null;
    }
    if (!stale.isEmpty() && ctx.spec().suspended()) {
      if (!used) {
        return SystemRun.reportOnly(SyncReport.suspendedWithChanges("suspended; would remove what it made at " + stale));
      }
    } else if (!stale.isEmpty()) {
      SyncException failure = cleaner.clean(system, round.group(), ctx, stale, round.scope(), round.released());
      if (failure != null) {
        return booked(kind, ctx, retries, SyncReport.failed(failure.reason(),
            "cleaning up " + stale + ": " + failure.getMessage(), failure.retryable(), failure.retryAfter().orElse(null)));
      }
      Set<String> kept = new TreeSet<>(recorded);
      kept.retainAll(wanted);
      round.targets().record(kind, kept);
      if (!used) {
        retries.clear(kind);
        return SystemRun.reportOnly(SyncReport.notConfigured(kind));
      }
    }
    DiscordScope.Block block = round.verdict().blockFor(kind).orElse(null);
    if (block != null) {
      // what the system runs on its own stops too: reminders already scheduled into a channel that is no
      // longer the group's are held, and resume when the block lifts
      SyncException holdFailure = runner.hold(system, ctx);
      if (holdFailure != null) {
        return booked(kind, ctx, retries, SyncReport.failed(holdFailure));
      }
      // A claim or scope check reads caches only, so it is not backed off: the holder letting go wakes us.
      if (block.retryable()) {
        return booked(kind, ctx, retries, block.report());
      }
      retries.clear(kind);
      return SystemRun.reportOnly(block.report());
    }
    SystemRun<?> run = runner.sync(system, ctx);
    Set<String> written = new TreeSet<>(round.targets().recorded(kind));
    written.addAll(wanted);
    round.targets().record(kind, written);
    book(kind, ctx, retries, run.report());
    return run;
  }

  private SystemRun<?> booked(SystemKind kind, GroupContext ctx, RetryBook retries, SyncReport report) {
    book(kind, ctx, retries, report);
    return SystemRun.reportOnly(report);
  }

  private void book(SystemKind kind, GroupContext ctx, RetryBook retries, SyncReport report) {
    metrics.record(kind, report);
    if (report.synced() || report.outcome().suspended()) {
      retries.clear(kind);
    } else if (report.outcome() == SyncReport.Outcome.DEFERRED) {
      retries.defer(kind, ctx.generation(), ctx.now(), report.retryAfter());
    } else {
      Duration atLeast = report.retryable() ? report.retryAfter() : resyncInterval;
      retries.recordFailure(kind, ctx.generation(), ctx.now(), backoff, atLeast, !report.retryable());
    }
  }
}
