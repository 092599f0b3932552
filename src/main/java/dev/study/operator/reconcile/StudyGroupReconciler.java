package dev.study.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.study.operator.api.GroupPlan;
import dev.study.operator.api.Member;
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
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a group, expands its schedule, then syncs each outside system on its own, with its own backoff.
 * What a system wrote is recorded in status.targets; a target the spec drops is cleaned before the system
 * syncs again, and deletion cleans every recorded target. Status is patched only when it changed; the next
 * reconcile comes at the earliest retry, else the resync.
 */
@ControllerConfiguration(name = StudyGroupReconciler.NAME)
public class StudyGroupReconciler implements Reconciler<StudyGroup>, Cleaner<StudyGroup> {
  public static final String NAME = "studygroup";
  /** Set to any new value (a timestamp, as Flux's requestedAt) to reconcile now, backoff or not. */
  public static final String RECONCILE_REQUESTED_AT = "study.dev/reconcile-requested-at";
  private static final ObjectMapper SPEC_COPIER = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(StudyGroupReconciler.class);

  private final Map<SystemKind, SystemSync<?, ?>> systems;
  private final SpecValidator validator;
  private final BackoffPolicy backoff;
  private final Duration resyncInterval;
  private final Clock clock;
  private final SystemRunner runner;
  private final TargetCleaner cleaner;
  private final GroupDeletion deletion;
  private final GroupEvents events;
  private final SyncMetrics metrics;
  private final DiscordFeeds discord;
  private final RemovalGuard removals;
  private final Map<String, Integer> cleanupFailures = new ConcurrentHashMap<>();
  private volatile GroupTriggers triggers;

  public StudyGroupReconciler(List<SystemSync<?, ?>> systems, SpecValidator validator, BackoffPolicy backoff,
      Duration resyncInterval, Clock clock, Redactor redactor, GroupEvents events, SyncMetrics metrics,
      DiscordFeeds discord, RemovalGuard removals) {
    this.systems = new EnumMap<>(SystemKind.class);
    systems.forEach(s -> this.systems.put(s.kind(), s));
    this.validator = validator;
    this.backoff = backoff;
    this.resyncInterval = resyncInterval;
    this.clock = clock;
    this.runner = new SystemRunner(redactor);
    this.cleaner = new TargetCleaner(runner, validator.allowlist(), events);
    this.deletion = new GroupDeletion(this.systems, validator, cleaner, events);
    this.events = events;
    this.metrics = metrics;
    this.discord = discord;
    this.removals = removals;
  }

  @Override
  public List<EventSource<?, StudyGroup>> prepareEventSources(EventSourceContext<StudyGroup> context) {
    triggers = GroupTriggers.register(context, discord);
    return List.of(triggers.eventSource());
  }

  @Override
  public UpdateControl<StudyGroup> reconcile(StudyGroup group, Context<StudyGroup> context) {
    Instant now = clock.instant();
    long generation = GroupContext.generationOf(group);
    StudyGroupSpec spec = group.getSpec();
    StudyGroupStatus previous = group.getStatus();

    List<Meeting> meetings;
    try {
      meetings = validator.validate(spec);
    } catch (InvalidSpecException e) {
      StudyGroupStatus status = StatusAssembler.invalid(previous, generation, spec, e.getMessage(), now);
      warnOnNewFailures(group, previous, status);
      // A spec change brings a new event; nothing outside can make this spec valid sooner.
      return finish(group, context, previous, status, resyncInterval);
    }

    RemovalGuard.Decision removal = removals.decide(previous == null ? null : previous.getAppliedMembers(),
        spec.getMembers(), generation, annotation(group, RemovalGuard.APPROVE_ANNOTATION));
    GroupContext ctx = GroupContext.of(group, removal.holding() ? withMembers(spec, removal.members()) : spec, meetings, now);
    String requested = annotation(group, RECONCILE_REQUESTED_AT);
    boolean forced = requested != null && !requested.equals(previous == null ? null : previous.getLastHandledReconcileAt());
    RetryBook retries = new RetryBook(previous == null ? null : previous.getRetries());
    if (forced) {
      // a person asked for a reconcile now: every system is due, whatever its backoff says
      retries.clearAll();
    }
    TargetBook targets = new TargetBook(previous == null ? null : previous.getTargets());
    DiscordScope scope = scope();
    DiscordScope.Verdict verdict = scope.check(group, spec.getDiscord());
    Set<String> released = new TreeSet<>();
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    for (SystemKind kind : SystemKind.values()) {
      SyncReport report = syncOne(kind, group, ctx, retries, targets, scope, verdict, released);
      if (report != null) {
        reports.put(kind, report);
      }
    }
    wakeOthers(group, released);

    StudyGroupStatus status = StatusAssembler.assemble(previous, generation, spec, meetings, reports, retries, now);
    status.setTargets(targets.entries());
    status.setAppliedMembers(removal.applied());
    status.setLastHandledReconcileAt(requested);
    if (removal.holding()) {
      int before = previous == null ? 0 : previous.getAppliedMembers().size();
      StatusAssembler.holdRemovals(status, removal, removals.describe(removal, before, generation), generation, now);
      warnOnNewHold(group, previous, status);
    }
    warnOnNewFailures(group, previous, status);
    reportChanges(group, ctx, ChangeSummary.of(reports));
    Duration next = retries.earliestRetry()
        .map(at -> Duration.between(now, at))
        .filter(d -> d.compareTo(resyncInterval) < 0)
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .orElse(resyncInterval);
    return finish(group, context, previous, status, next);
  }

  /**
   * Runs one system if it is due: first cleans the targets the spec dropped, then syncs what the spec names.
   * Returns null when the system waits out its backoff and keeps its last condition.
   */
  private SyncReport syncOne(SystemKind kind, StudyGroup group, GroupContext ctx, RetryBook retries,
      TargetBook targets, DiscordScope scope, DiscordScope.Verdict verdict, Set<String> released) {
    SystemSync<?, ?> system = systems.get(kind);
    boolean used = kind.usedBy(ctx.spec());
    if (system == null) {
      retries.clear(kind);
      return used ? SyncReport.operatorNotConfigured(kind) : SyncReport.notConfigured(kind);
    }
    Set<String> recorded = targets.recorded(kind);
    Set<String> wanted = used ? system.targets(ctx.spec()) : Set.of();
    Set<String> stale = new TreeSet<>(recorded);
    stale.removeAll(wanted);
    if (!used && stale.isEmpty()) {
      retries.clear(kind);
      return SyncReport.notConfigured(kind);
    }
    if (!retries.isDue(kind, ctx.generation(), ctx.now())) {
      return null;
    }
    if (!stale.isEmpty() && ctx.spec().suspended()) {
      if (!used) {
        return new SyncReport(false, Reasons.SUSPENDED, "suspended; would remove what it made at " + stale, false,
            null, SyncReport.StatusContribution.NONE);
      }
    } else if (!stale.isEmpty()) {
      SyncException failure = cleaner.clean(system, group, ctx, stale, scope, released);
      if (failure != null) {
        SyncReport report = SyncReport.failed(new SyncException(failure.reason(),
            "cleaning up " + stale + ": " + failure.getMessage(), failure.retryable(),
            failure.retryAfter().orElse(null), null));
        return recordOutcome(kind, ctx, retries, report);
      }
      Set<String> kept = new TreeSet<>(recorded);
      kept.retainAll(wanted);
      targets.record(kind, kept);
      if (!used) {
        retries.clear(kind);
        return SyncReport.notConfigured(kind);
      }
    }
    DiscordScope.Block block = verdict.blockFor(kind).orElse(null);
    if (block != null) {
      // what the system runs on its own stops too: reminders already scheduled into a channel that is no
      // longer the group's are held, and resume when the block lifts
      SyncException holdFailure = runner.hold(system, ctx);
      if (holdFailure != null) {
        return recordOutcome(kind, ctx, retries, SyncReport.failed(holdFailure));
      }
      // A claim or scope check reads caches only, so it is not backed off: the holder letting go wakes us.
      return block.retryable() ? recordOutcome(kind, ctx, retries, block.report()) : clearing(kind, retries, block.report());
    }
    SyncReport report = runner.sync(system, ctx);
    Set<String> written = new TreeSet<>(targets.recorded(kind));
    written.addAll(wanted);
    targets.record(kind, written);
    return recordOutcome(kind, ctx, retries, report);
  }

  private SyncReport recordOutcome(SystemKind kind, GroupContext ctx, RetryBook retries, SyncReport report) {
    metrics.record(kind, report);
    if (report.synced() || Reasons.SUSPENDED.equals(report.reason())) {
      retries.clear(kind);
    } else {
      Duration atLeast = report.retryable() ? report.retryAfter() : resyncInterval;
      retries.recordFailure(kind, ctx.generation(), ctx.now(), backoff, atLeast, !report.retryable());
    }
    return report;
  }

  private static SyncReport clearing(SystemKind kind, RetryBook retries, SyncReport report) {
    retries.clear(kind);
    return report;
  }

  private UpdateControl<StudyGroup> finish(StudyGroup group, Context<StudyGroup> context, StudyGroupStatus previous,
      StudyGroupStatus status, Duration next) {
    metrics.stalled(group.getMetadata().getUid(), Conditions.find(status.getConditions(), Conditions.STALLED)
        .map(c -> "True".equals(c.getStatus())).orElse(false));
    if (!StatusAssembler.same(previous, status)) {
      StatusWriter.write(context.getClient(), group, status);
    }
    return UpdateControl.<StudyGroup>noUpdate().rescheduleAfter(next);
  }

  /** One INFO line and one Normal event per reconcile that changed something outside; nothing otherwise. */
  private void reportChanges(StudyGroup group, GroupContext ctx, ChangeSummary changes) {
    if (changes.changed()) {
      LOG.info("{} {}", ctx.ref(), changes.text());
      events.normal(group, Reasons.SYNCED, changes.text());
    }
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

  /** Removes what the group made ({@link GroupDeletion}); a failure keeps the finalizer and is retried with backoff. */
  @Override
  public DeleteControl cleanup(StudyGroup group, Context<StudyGroup> context) {
    String uid = group.getMetadata().getUid();
    GroupDeletion.Outcome outcome = deletion.run(group, scope(), clock.instant());
    wakeOthers(group, outcome.released());
    if (outcome.failures().isEmpty()) {
      cleanupFailures.remove(uid);
      metrics.forget(uid);
      return DeleteControl.defaultDelete();
    }
    int attempt = cleanupFailures.merge(uid, 1, Integer::sum);
    String message = String.join("; ", outcome.failures());
    LOG.warn("cleanup of {}/{} failed (attempt {}): {}", group.getMetadata().getNamespace(),
        group.getMetadata().getName(), attempt, message);
    events.warn(group, "CleanupFailed", message);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.delay(attempt).toMillis());
  }

  private DiscordScope scope() {
    ChannelClaims claims = triggers == null ? new ChannelClaims(channel -> List.of()) : triggers.claims();
    return new DiscordScope(validator.allowlist(), discord.locator(), claims);
  }

  /** Tells the other groups naming a channel this group let go of, so the next claimant takes it over now. */
  private void wakeOthers(StudyGroup group, Set<String> releasedChannels) {
    if (triggers == null || releasedChannels.isEmpty()) {
      return;
    }
    ChannelClaims claims = triggers.claims();
    releasedChannels.forEach(channel -> triggers.wake(claims.others(group, channel)));
  }

  /** One Warning event when a removal is first held, or the held members change; none per reconcile. */
  private void warnOnNewHold(StudyGroup group, StudyGroupStatus previous, StudyGroupStatus status) {
    GroupPlan before = previous == null ? null : previous.getPlan();
    boolean same = before != null && RemovalGuard.REMOVAL_HELD.equals(before.getReason())
        && before.getHeldRemovals().equals(status.getPlan().getHeldRemovals());
    if (!same) {
      events.warn(group, RemovalGuard.REMOVAL_HELD, status.getPlan().getMessage());
    }
  }

  private static String annotation(StudyGroup group, String key) {
    Map<String, String> annotations = group.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The spec with another member list: what the systems see while removals are held. */
  private static StudyGroupSpec withMembers(StudyGroupSpec spec, List<Member> members) {
    StudyGroupSpec copy = SPEC_COPIER.convertValue(spec, StudyGroupSpec.class);
    copy.setMembers(new ArrayList<>(members));
    return copy;
  }

}
