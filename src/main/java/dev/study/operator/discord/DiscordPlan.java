package dev.study.operator.discord;

import dev.study.operator.reconcile.Plan;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The exact overwrite writes that bring a group's channels in line with its members: grants (create or widen a
 * member's overwrite) and revokes (remove a non-member's overwrite). Role overwrites are never in it.
 */
public record DiscordPlan(Set<String> members, List<Grant> grants, List<Revoke> revokes, Set<String> unchangedMembers)
    implements Plan {

  public DiscordPlan {
    members = Collections.unmodifiableSet(new LinkedHashSet<>(members));
    grants = List.copyOf(grants);
    revokes = List.copyOf(revokes);
    unchangedMembers = Collections.unmodifiableSet(new LinkedHashSet<>(unchangedMembers));
  }

  /** Put {@code target} as {@code userId}'s overwrite on the channel; {@code create} when there was none. */
  public record Grant(String channelId, String userId, Overwrite target, boolean create) {}

  /** Delete {@code userId}'s member overwrite on the channel. */
  public record Revoke(String channelId, String userId) {}

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
