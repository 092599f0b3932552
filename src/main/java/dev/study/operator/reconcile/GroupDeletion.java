package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemSync;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.api.DeletionPolicy;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What deleting a group removes. Reminder jobs and RSVP records are the operator's own rows and go on every path
 * (Delete, Orphan, suspended, invalid). Discord and Calendar are cleaned only under deletionPolicy Delete on a
 * group that is not suspended, at every recorded target plus, for a valid spec, the spec's own, each through the
 * allowlist, scope and claim checks ({@link TargetCleaner}). An invalid spec's own targets are never touched.
 */
final class GroupDeletion {
  private final Map<SystemKind, SystemSync<?, ?>> systems;
  private final SpecValidator validator;
  private final TargetCleaner cleaner;
  private final KubernetesEvents events;

  GroupDeletion(Map<SystemKind, SystemSync<?, ?>> systems, SpecValidator validator, TargetCleaner cleaner,
      KubernetesEvents events) {
    this.systems = systems;
    this.validator = validator;
    this.cleaner = cleaner;
    this.events = events;
  }

  /** The failures, one per system that could not finish, and the channels the group let go of. */
  record Outcome(List<String> failures, Set<String> released) {}

  Outcome run(StudyGroup group, DiscordScope scope, Instant now) {
    StudyGroupSpec spec = group.getSpec();
    Set<String> released = new TreeSet<>();
    List<String> failures = new ArrayList<>();
    if (spec == null) {
      return new Outcome(failures, released);
    }
    boolean outside = spec.deletionPolicyOrDefault() == DeletionPolicy.Delete && !spec.suspended();
    List<Meeting> meetings = List.of();
    String invalid = null;
    try {
      meetings = validator.validate(spec);
    } catch (InvalidSpecException e) {
      invalid = e.getMessage();
    }
    GroupContext ctx = GroupContext.of(group, spec, meetings, now);
    TargetBook recorded = new TargetBook(group.getStatus() == null ? null : group.getStatus().getTargets());
    boolean touchedOutside = false;
    for (SystemKind kind : SystemKind.values()) {
      SystemSync<?, ?> system = systems.get(kind);
      Set<String> targets = new TreeSet<>(recorded.recorded(kind));
      if (invalid == null && system != null) {
        targets.addAll(system.targets(spec));
      }
      if (!kind.internal() && (!outside || targets.isEmpty())) {
        continue;
      }
      if (system == null) {
        if (!kind.internal()) {
          events.warn(group, "CleanupSkipped", kind.conditionType() + ": the operator has no credentials for it");
        }
        continue;
      }
      touchedOutside |= !kind.internal();
      SyncException failure = cleaner.clean(system, group, ctx, targets, scope, released);
      if (failure != null) {
        failures.add(kind.conditionType() + ": " + failure.reason() + " " + failure.getMessage());
      }
    }
    if (invalid != null && outside && !touchedOutside) {
      events.warn(group, "CleanupSkipped", "the spec is invalid (" + invalid + "); nothing outside was touched");
    }
    return new Outcome(failures, released);
  }
}
