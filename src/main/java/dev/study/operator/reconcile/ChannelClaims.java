package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One channel, one group: of the groups whose spec names a channel as text or voice channel, the oldest
 * (creationTimestamp, then uid) holds it. The rule is computed from JOSDK's cache of StudyGroups, so every
 * replica and every restart computes the same holder without a store of its own, and a claim moves by itself
 * when the holder is deleted or names another channel. A group being deleted claims nothing: the next
 * claimant takes over while it finishes, and its cleanup leaves that channel to the new holder.
 */
public final class ChannelClaims {
  private static final Comparator<StudyGroup> OLDEST_FIRST = Comparator
      .comparing((StudyGroup g) -> createdAt(g))
      .thenComparing(g -> Objects.toString(g.getMetadata().getUid(), ""));

  private final Function<String, List<StudyGroup>> groupsNaming;

  /** @param groupsNaming the groups whose spec names a channel, e.g. an index on the primary cache */
  public ChannelClaims(Function<String, List<StudyGroup>> groupsNaming) {
    this.groupsNaming = groupsNaming;
  }

  /** The group that holds the channel when it is not {@code self}. */
  public Optional<StudyGroup> heldByOther(StudyGroup self, String channelId) {
    return holder(channelId).filter(holder -> !sameGroup(holder, self));
  }

  /** The oldest group naming the channel that is not being deleted. */
  public Optional<StudyGroup> holder(String channelId) {
    return groupsNaming.apply(channelId).stream()
        .filter(g -> g.getMetadata().getDeletionTimestamp() == null)
        .min(OLDEST_FIRST);
  }

  /** Every group naming the channel but {@code self}: told when self lets the channel go. */
  public List<StudyGroup> others(StudyGroup self, String channelId) {
    return groupsNaming.apply(channelId).stream().filter(g -> !sameGroup(g, self)).toList();
  }

  private static boolean sameGroup(StudyGroup a, StudyGroup b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid())
        && Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  private static Instant createdAt(StudyGroup g) {
    String created = g.getMetadata().getCreationTimestamp();
    return created == null ? Instant.MAX : Instant.parse(created);
  }
}
