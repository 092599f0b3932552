package dev.study.operator.discord;

import dev.study.operator.sync.Plan;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The exact overwrite writes that bring a group's channels in line with its members: grants (create or widen a
 * member's overwrite) and revokes (take the bits the operator grants away from a non-member's overwrite,
 * deleting it only when nothing else is left). Role overwrites are never in it.
 */
public record OverwritePlan(Set<String> members, List<Grant> grants, List<Revoke> revokes, Set<String> unchangedMembers)
    implements Plan {

  public OverwritePlan {
    members = Collections.unmodifiableSet(new LinkedHashSet<>(members));
    grants = List.copyOf(grants);
    revokes = List.copyOf(revokes);
    unchangedMembers = Collections.unmodifiableSet(new LinkedHashSet<>(unchangedMembers));
  }

  /** Put {@code target} as {@code userId}'s overwrite on the channel; {@code create} when there was none. */
  public record Grant(String channelId, String userId, Overwrite target, boolean create) {}

  /**
   * Take the managed bits away from {@code userId}'s member overwrite: put {@code keep} (the bits a person set
   * that are not ours), or delete the overwrite when {@code keep} is null because nothing else was in it.
   */
  public record Revoke(String channelId, String userId, Overwrite keep) {
    /** Delete the overwrite whole. */
    public Revoke(String channelId, String userId) {
      this(channelId, userId, null);
    }

    public boolean deletes() {
      return keep == null;
    }
  }

  @Override
  public boolean isEmpty() {
    return grants.isEmpty() && revokes.isEmpty();
  }

  /** Counts overwrites, as status does: "grant 2, revoke 1". */
  @Override
  public String summary() {
    return "grant " + grants.size() + ", revoke " + revokes.size();
  }
}
