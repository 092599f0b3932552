package dev.study.operator.reconcile;

import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.Meeting;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a group, expands its schedule, then syncs each outside system on its own, with its own backoff.
 * Status is patched only when it changed; the next reconcile comes at the earliest retry, else the resync.
 */
@ControllerConfiguration(name = StudyGroupReconciler.NAME)
public class StudyGroupReconciler implements Reconciler<StudyGroup>, Cleaner<StudyGroup> {
  public static final String NAME = "studygroup";
  private static final Logger LOG = LoggerFactory.getLogger(StudyGroupReconciler.class);

  private final Map<SystemKind, SystemSync<?, ?>> systems;
  private final SpecValidator validator;
  private final BackoffPolicy backoff;
  private final Duration resyncInterval;
  private final Clock clock;
  private final SystemRunner runner;
  private final GroupEvents events;
  private final SyncMetrics metrics;
  private final List<ChannelChanges> channelChanges;
  private final Map<String, Integer> cleanupFailures = new ConcurrentHashMap<>();

  public StudyGroupReconciler(List<SystemSync<?, ?>> systems, SpecValidator validator, BackoffPolicy backoff,
      Duration resyncInterval, Clock clock, Redactor redactor, GroupEvents events, SyncMetrics metrics,
      List<ChannelChanges> channelChanges) {
    this.systems = new EnumMap<>(SystemKind.class);
    systems.forEach(s -> this.systems.put(s.kind(), s));
    this.validator = validator;
    this.backoff = backoff;
    this.resyncInterval = resyncInterval;
    this.clock = clock;
    this.runner = new SystemRunner(redactor);
    this.events = events;
    this.metrics = metrics;
    this.channelChanges = List.copyOf(channelChanges);
  }

  @Override
  public List<EventSource<?, StudyGroup>> prepareEventSources(EventSourceContext<StudyGroup> context) {
    if (channelChanges.isEmpty()) {
      return List.of();
    }
    return List.of(ChannelDriftSource.register(context, channelChanges));
  }

  @Override
  public UpdateControl<StudyGroup> reconcile(StudyGroup group, Context<StudyGroup> context) {
    Instant now = clock.instant();
    long generation = generationOf(group);
    StudyGroupSpec spec = group.getSpec();
    StudyGroupStatus previous = group.getStatus();

    List<Meeting> meetings;
    try {
      meetings = validator.validate(spec);
    } catch (InvalidSpecException e) {
      StudyGroupStatus status = StatusAssembler.invalid(previous, generation, spec, e.getMessage(), now);
      warnOnNewFailures(group, previous, status);
      // A spec change brings a new event; nothing outside can make this spec valid sooner.
      return finish(group, previous, status, resyncInterval);
    }

    GroupContext ctx = new GroupContext(group.getMetadata().getUid(), group.getMetadata().getNamespace(),
        group.getMetadata().getName(), generation, spec, meetings, now, new SharedObservations());
    RetryBook retries = new RetryBook(previous == null ? null : previous.getRetries());
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    for (SystemKind kind : SystemKind.values()) {
      SyncReport report = syncOne(kind, ctx, retries, now);
      if (report != null) {
        reports.put(kind, report);
      }
    }

    StudyGroupStatus status = StatusAssembler.assemble(previous, generation, spec, meetings, reports, retries, now);
    warnOnNewFailures(group, previous, status);
    Duration next = retries.earliestRetry()
        .map(at -> Duration.between(now, at))
        .filter(d -> d.compareTo(resyncInterval) < 0)
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .orElse(resyncInterval);
    return finish(group, previous, status, next);
  }

  /** Runs one system if it is due; returns null when it waits out its backoff and keeps its last condition. */
  private SyncReport syncOne(SystemKind kind, GroupContext ctx, RetryBook retries, Instant now) {
    if (!kind.usedBy(ctx.spec())) {
      retries.clear(kind);
      return SyncReport.notConfigured(kind);
    }
    SystemSync<?, ?> system = systems.get(kind);
    if (system == null) {
      retries.clear(kind);
      return SyncReport.operatorNotConfigured(kind);
    }
    if (!retries.isDue(kind, ctx.generation(), now)) {
      return null;
    }
    SyncReport report = runner.sync(system, ctx);
    metrics.record(kind, report);
    if (report.synced() || Reasons.SUSPENDED.equals(report.reason())) {
      retries.clear(kind);
    } else {
      Duration atLeast = report.retryable() ? report.retryAfter() : resyncInterval;
      retries.recordFailure(kind, ctx.generation(), now, backoff, atLeast, !report.retryable());
    }
    return report;
  }

  private UpdateControl<StudyGroup> finish(StudyGroup group, StudyGroupStatus previous, StudyGroupStatus status,
      Duration next) {
    if (StatusAssembler.same(previous, status)) {
      return UpdateControl.<StudyGroup>noUpdate().rescheduleAfter(next);
    }
    StudyGroup patch = new StudyGroup();
    patch.setMetadata(group.getMetadata());
    patch.setSpec(group.getSpec());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch).rescheduleAfter(next);
  }

  /** One Warning event per condition that turned False, not one per retry. */
  private void warnOnNewFailures(StudyGroup group, StudyGroupStatus previous, StudyGroupStatus status) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    for (SystemKind kind : SystemKind.values()) {
      Condition now = Conditions.find(status.getConditions(), kind.conditionType()).orElse(null);
      if (now == null || "True".equals(now.getStatus()) || Reasons.SUSPENDED.equals(now.getReason())) {
        continue;
      }
      Condition was = Conditions.find(before, kind.conditionType()).orElse(null);
      boolean changed = was == null || !"False".equals(was.getStatus()) || !now.getReason().equals(was.getReason());
      if (changed) {
        events.warn(group, now.getReason(), kind.conditionType() + ": " + now.getMessage());
      }
    }
  }

  @Override
  public DeleteControl cleanup(StudyGroup group, Context<StudyGroup> context) {
    StudyGroupSpec spec = group.getSpec();
    String uid = group.getMetadata().getUid();
    if (spec == null || spec.deletionPolicyOrDefault() == DeletionPolicy.Orphan
        || spec.suspended()) {
      cleanupFailures.remove(uid);
      return DeleteControl.defaultDelete();
    }
    List<Meeting> meetings;
    try {
      meetings = validator.validate(spec);
    } catch (InvalidSpecException e) {
      meetings = List.of();
    }
    GroupContext ctx = new GroupContext(uid, group.getMetadata().getNamespace(), group.getMetadata().getName(),
        generationOf(group), spec, meetings, clock.instant(), new SharedObservations());
    List<String> failures = new ArrayList<>();
    for (SystemKind kind : SystemKind.values()) {
      if (!kind.usedBy(spec)) {
        continue;
      }
      SystemSync<?, ?> system = systems.get(kind);
      if (system == null) {
        events.warn(group, "CleanupSkipped", kind.conditionType() + ": the operator has no credentials for it");
        continue;
      }
      SyncException failure = runner.cleanup(system, ctx, system.targets(spec));
      if (failure != null) {
        failures.add(kind.conditionType() + ": " + failure.reason() + " " + failure.getMessage());
      }
    }
    if (failures.isEmpty()) {
      cleanupFailures.remove(uid);
      return DeleteControl.defaultDelete();
    }
    int attempt = cleanupFailures.merge(uid, 1, Integer::sum);
    String message = String.join("; ", failures);
    LOG.warn("cleanup of {} failed (attempt {}): {}", ctx.ref(), attempt, message);
    events.warn(group, "CleanupFailed", message);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.delay(attempt).toMillis());
  }

  private static long generationOf(StudyGroup group) {
    Long generation = group.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
