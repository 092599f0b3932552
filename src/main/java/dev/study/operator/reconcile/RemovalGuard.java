package dev.study.operator.reconcile;

import dev.study.operator.api.AppliedMember;
import dev.study.operator.api.Member;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Stops a change that removes too many members at once (a web app bug, a GitOps mistake setting
 * {@code members: []}), as Peribolos' --maximum-removal-delta and github-team-sync's CHANGE_THRESHOLD do: when
 * more than a fraction of the last applied members would go, none of the removals is applied (additions go
 * ahead) until a person approves that generation with an annotation. Small groups are exempt, so ordinary churn
 * in a group of three is not held. Pure: the reconciler gives it the last applied members and the spec.
 */
public final class RemovalGuard {
  public static final String APPROVE_ANNOTATION = "study.dev/approve-removal";
  public static final String REMOVAL_HELD = "RemovalHeld";

  private final double threshold;
  private final int exemptUpTo;

  /**
   * @param threshold the largest fraction of the applied members one change may remove without approval
   * @param exemptUpTo groups of at most this many applied members are never held
   */
  public RemovalGuard(double threshold, int exemptUpTo) {
    this.threshold = threshold;
    this.exemptUpTo = exemptUpTo;
  }

  /**
   * The outcome for one reconcile.
   *
   * @param members the members to apply: the spec's, plus the held ones while held
   * @param held the members whose removal waits for approval, empty when nothing is held
   * @param applied what to record as applied for the next comparison
   */
  public record Decision(List<Member> members, List<Member> held, List<AppliedMember> applied) {
    public boolean holding() {
      return !held.isEmpty();
    }
  }

  /**
   * @param lastApplied the members as last applied (empty before the first reconcile: nothing is held then)
   * @param approvedGeneration the generation named in the approval annotation, or null
   */
  public Decision decide(List<AppliedMember> lastApplied, List<Member> spec, long generation, String approvedGeneration) {
    List<Member> removed = new ArrayList<>();
    for (AppliedMember applied : lastApplied == null ? List.<AppliedMember>of() : lastApplied) {
      if (!stillThere(applied, spec)) {
        removed.add(applied.toMember());
      }
    }
    int before = lastApplied == null ? 0 : lastApplied.size();
    boolean tooMany = before > exemptUpTo && removed.size() > threshold * before;
    boolean approved = Objects.equals(approvedGeneration, Long.toString(generation));
    List<Member> members = new ArrayList<>(spec);
    List<Member> held = List.of();
    if (tooMany && !approved) {
      held = List.copyOf(removed);
      members.addAll(held);
    }
    return new Decision(List.copyOf(members), held, members.stream().map(AppliedMember::of).toList());
  }

  public String describe(Decision decision, int appliedBefore, long generation) {
    List<String> ids = decision.held().stream().map(Member::getId).toList();
    return "holding the removal of " + ids.size() + " of " + appliedBefore + " members (" + String.join(", ", ids)
        + "): more than " + Math.round(threshold * 100) + "% at once; approve with the annotation "
        + APPROVE_ANNOTATION + "=\"" + generation + "\"";
  }

  /** A member is still there when the spec has their id, or the same person under another id (a rename). */
  private static boolean stillThere(AppliedMember applied, List<Member> spec) {
    Set<String> ids = new HashSet<>();
    Set<String> discordIds = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (Member m : spec) {
      ids.add(m.getId());
      if (m.getDiscordUserId() != null) {
        discordIds.add(m.getDiscordUserId());
      }
      if (m.getEmail() != null) {
        emails.add(m.getEmail().toLowerCase(Locale.ROOT));
      }
    }
    return ids.contains(applied.getId())
        || (applied.getDiscordUserId() != null && discordIds.contains(applied.getDiscordUserId()))
        || (applied.getEmail() != null && emails.contains(applied.getEmail().toLowerCase(Locale.ROOT)));
  }
}
