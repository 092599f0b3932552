package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemSync;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.api.StudyGroup;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks a system to remove what it made at some targets (ones the spec dropped, or every recorded one at
 * deletion), after the same checks as a sync: never a guild or calendar off the allowlist, never a channel
 * outside the scope, never a channel another group now holds. Channels let go are collected so the groups
 * waiting on them can be woken.
 */
final class TargetCleaner {
  private final SystemRunner runner;
  private final Allowlist allowlist;
  private final KubernetesEvents events;

  TargetCleaner(SystemRunner runner, Allowlist allowlist, KubernetesEvents events) {
    this.runner = runner;
    this.allowlist = allowlist;
    this.events = events;
  }

  /** @return the failure, or null when what may be cleaned is clean */
  SyncException clean(SystemSync<?, ?> system, StudyGroup group, GroupContext ctx, Set<String> targets,
      DiscordScope scope, Set<String> released) {
    Set<String> writable = new TreeSet<>();
    Set<String> skipped = new TreeSet<>();
    try {
      for (String target : targets) {
        switch (decide(system.kind(), group, target, scope, released)) {
          case CLEAN -> writable.add(target);
          case SKIP -> skipped.add(target);
          case LEAVE_TO_HOLDER -> { } // the holder's own sync removes our members there
        }
      }
    } catch (SyncException e) {
      return e;
    }
    if (!skipped.isEmpty()) {
      events.warn(group, "CleanupSkipped", system.kind().conditionType() + ": not touching " + String.join(", ", skipped)
          + ": outside the operator's allowlist or scope");
    }
    if (writable.isEmpty() && !system.kind().internal()) {
      return null;
    }
    return runner.cleanup(system, ctx, writable);
  }

  private enum Decision { CLEAN, LEAVE_TO_HOLDER, SKIP }

  private Decision decide(SystemKind kind, StudyGroup group, String target, DiscordScope scope, Set<String> released)
      throws SyncException {
    return switch (kind) {
      case DISCORD -> {
        String[] parts = guildAndChannel(target);
        if (parts == null) {
          yield Decision.SKIP;
        }
        DiscordScope.CleanupVerdict verdict = scope.checkCleanup(group, parts[0], parts[1]);
        if (verdict == DiscordScope.CleanupVerdict.OUT_OF_SCOPE) {
          yield Decision.SKIP;
        }
        released.add(parts[1]);
        yield verdict == DiscordScope.CleanupVerdict.CLEAN ? Decision.CLEAN : Decision.LEAVE_TO_HOLDER;
      }
      case CALENDAR -> allowlist.allowsCalendar(target) ? Decision.CLEAN : Decision.SKIP;
      case REMINDERS, RSVPS -> Decision.CLEAN;
    };
  }

  /** A Discord target id, {@code guildId/channelId}, split; null for any other shape. */
  private static String[] guildAndChannel(String target) {
    int at = target.indexOf('/');
    return at > 0 && at < target.length() - 1 ? new String[] {target.substring(0, at), target.substring(at + 1)} : null;
  }
}
