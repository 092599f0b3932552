package dev.study.operator.reconcile;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns outside happenings into reconciles of the groups they concern, at once instead of at the resync: a
 * change on a channel (an overwrite edited by hand), a person joining the guild, and a channel another group
 * let go of. The maps from channel and from Discord user to groups are indexes on JOSDK's own cache of
 * StudyGroups, right from the first event and the same on every replica; {@link ChannelClaims} reads the same
 * channel index.
 */
final class GroupTriggers {
  static final String CHANNEL_INDEX = "studygroup-channels";
  static final String MEMBER_INDEX = "studygroup-discord-members";

  private final IndexedResourceCache<StudyGroup> cache;
  private final SimpleInboundEventSource<StudyGroup> source = new SimpleInboundEventSource<>("group-triggers");

  private GroupTriggers(IndexedResourceCache<StudyGroup> cache) {
    this.cache = cache;
  }

  static GroupTriggers register(EventSourceContext<StudyGroup> context, DiscordFeeds feeds) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(CHANNEL_INDEX, GroupTriggers::managedChannelsOf);
    cache.addIndexer(MEMBER_INDEX, GroupTriggers::discordUsersOf);
    GroupTriggers triggers = new GroupTriggers(cache);
    for (ChannelChanges feed : feeds.channelChanges()) {
      feed.onChannelChanged(change -> triggers.wake(concerned(cache.byIndex(CHANNEL_INDEX, change.channelId()),
          change, feeds.drift())));
    }
    for (MemberJoins feed : feeds.memberJoins()) {
      feed.onMemberJoined((guildId, userId) -> triggers.wake(cache.byIndex(MEMBER_INDEX, userId).stream()
          .filter(g -> guildId.equals(g.getSpec().getDiscord() == null ? null : g.getSpec().getDiscord().getGuildId()))
          .toList()));
    }
    return triggers;
  }

  SimpleInboundEventSource<StudyGroup> eventSource() {
    return source;
  }

  /** The claims rule over the same index the triggers use. */
  ChannelClaims claims() {
    return new ChannelClaims(channelId -> cache.byIndex(CHANNEL_INDEX, channelId));
  }

  void wake(Collection<StudyGroup> groups) {
    groups.forEach(group -> source.propagateEvent(ResourceID.fromResource(group)));
  }

  /**
   * The groups a change wakes. A change of the channel itself wakes every group naming it; a member overwrite's
   * change only the groups for which that member's overwrite is not as they want it, so the gateway's echo of
   * the operator's own write (the overwrite just put) wakes nobody, while a hand edit wakes at once. A group
   * being deleted is always woken, as its cleanup decides for itself.
   */
  static List<StudyGroup> concerned(Collection<StudyGroup> naming, ChannelChange change, OverwriteDrift drift) {
    if (!change.memberOverwrite()) {
      return List.copyOf(naming);
    }
    return naming.stream()
        .filter(g -> g.getMetadata().getDeletionTimestamp() != null || g.getSpec() == null
            || drift.drifted(g.getSpec(), change.channelId(), change.userId()))
        .toList();
  }

  /** The channels whose member overwrites a group manages: its text channel and its voice channel. */
  static List<String> managedChannelsOf(StudyGroup group) {
    List<String> channels = new ArrayList<>();
    DiscordTarget d = group.getSpec() == null ? null : group.getSpec().getDiscord();
    if (d != null) {
      channels.add(d.getTextChannelId());
      if (d.getVoiceChannelId() != null) {
        channels.add(d.getVoiceChannelId());
      }
    }
    return channels;
  }

  private static List<String> discordUsersOf(StudyGroup group) {
    if (group.getSpec() == null || group.getSpec().getDiscord() == null || group.getSpec().getMembers() == null) {
      return List.of();
    }
    return group.getSpec().getMembers().stream().map(Member::getDiscordUserId).filter(id -> id != null).toList();
  }
}
