package dev.study.operator.reconcile;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.StudyGroup;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a change on a channel into a reconcile of the groups that own it, at once, instead of waiting for the
 * resync. The channel-to-group map is an index on JOSDK's own cache of StudyGroups, so it is right from the
 * first event, before any reconcile has run.
 */
final class ChannelDriftSource {
  static final String CHANNEL_INDEX = "studygroup-channels";

  private ChannelDriftSource() {}

  static SimpleInboundEventSource<StudyGroup> register(EventSourceContext<StudyGroup> context, List<ChannelChanges> feeds) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(CHANNEL_INDEX, ChannelDriftSource::channelsOf);
    var source = new SimpleInboundEventSource<StudyGroup>("channel-drift");
    for (ChannelChanges feed : feeds) {
      feed.onChannelChanged(channelId -> cache.byIndex(CHANNEL_INDEX, channelId)
          .forEach(group -> source.propagateEvent(ResourceID.fromResource(group))));
    }
    return source;
  }

  static List<String> channelsOf(StudyGroup group) {
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
}
