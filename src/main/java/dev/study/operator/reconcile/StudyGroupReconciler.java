package dev.study.operator.reconcile;

import dev.study.operator.status.StatusAssembler;
import dev.study.operator.status.ReconcileResult;
import dev.study.operator.status.Conditions;
import dev.study.operator.status.StatusWriter;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.sync.SystemSync;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.GroupContext;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  /**
   * The order the systems sync in. It matters once: RSVPs read the events Calendar saw in the same reconcile, so
   * Calendar runs before them. Discord runs first only so that access is granted before reminders mention people.
   */
  private static final List<SystemKind> SYNC_ORDER =
      List.of(SystemKind.DISCORD, SystemKind.CALENDAR, SystemKind.REMINDERS, SystemKind.RSVPS);

  private final SpecValidator validator;
  private final BackoffPolicy backoff;
  private final Duration resyncInterval;
  private final Clock clock;
  private final SystemStep step;
  private final GroupDeletion deletion;
  private final KubernetesEvents events;
  private final GroupNotices notices;
  private final SyncMetrics metrics;
  private final DiscordFeeds discord;
  private final RemovalGuard removals;
  private final Map<String, Integer> cleanupFailures = new ConcurrentHashMap<>();
  private volatile GroupTriggers triggers;

  public StudyGroupReconciler(List<SystemSync<?, ?>> systems, SpecValidator validator, BackoffPolicy backoff,
      Duration resyncInterval, Clock clock, Redactor redactor, KubernetesEvents events, SyncMetrics metrics,
      DiscordFeeds discord, RemovalGuard removals) {
    Map<SystemKind, SystemSync<?, ?>> byKind = new EnumMap<>(SystemKind.class);
    systems.forEach(s -> byKind.put(s.kind(), s));
    SystemRunner runner = new SystemRunner(redactor);
    TargetCleaner cleaner = new TargetCleaner(runner, validator.allowlist(), events);
    this.validator = validator;
    this.backoff = backoff;
    this.resyncInterval = resyncInterval;
    this.clock = clock;
    this.step = new SystemStep(byKind, runner, cleaner, backoff, metrics, resyncInterval);
    this.deletion = new GroupDeletion(byKind, validator, cleaner, events);
    this.events = events;
    this.notices = new GroupNotices(events);
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
      notices.newFailures(group, previous, status);
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
    SystemStep.Round round = new SystemStep.Round(group, retries, targets, scope,
        scope.check(group, spec.getDiscord()), new TreeSet<>());
    Map<SystemKind, SyncReport> reports = syncInOrder(ctx, round);
    wakeOthers(group, round.released());

    ReconcileResult.HeldRemoval hold = removal.holding()
        ? new ReconcileResult.HeldRemoval(RemovalGuard.REMOVAL_HELD, removal.held().stream().map(Member::getId).toList(),
            removals.describe(removal, previous == null ? 0 : previous.getAppliedMembers().size(), generation))
        : null;
    StudyGroupStatus status = StatusAssembler.assemble(previous, new ReconcileResult(generation, spec, meetings,
        reports, retries.entries(), targets.entries(), removal.applied(), requested, hold, now));
    if (hold != null) {
      notices.newHold(group, previous, status);
    }
    notices.newFailures(group, previous, status);
    notices.changes(group, ctx.ref(), ChangeSummary.of(reports));
    Duration next = retries.earliestRetry()
        .map(at -> Duration.between(now, at))
        .filter(d -> d.compareTo(resyncInterval) < 0)
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .orElse(resyncInterval);
    return finish(group, context, previous, status, next);
  }

  /** Runs each due system in {@link #SYNC_ORDER}, handing Calendar's events on to RSVPs. */
  private Map<SystemKind, SyncReport> syncInOrder(GroupContext ctx, SystemStep.Round round) {
    Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
    GroupContext current = ctx;
    for (SystemKind kind : SYNC_ORDER) {
      SystemRun<?> run = step.run(kind, current, round);
      if (run != null) {
        reports.put(kind, run.report());
      }
      if (kind == SystemKind.CALENDAR) {
        current = current.withCalendarEvents(CalendarHandoff.eventsSeen(run));
      }
    }
    return reports;
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
