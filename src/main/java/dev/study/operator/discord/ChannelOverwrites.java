package dev.study.operator.discord;

import java.util.Map;

/** The member-type overwrites observed on one channel, by Discord user id. Role overwrites are never here. */
public record ChannelOverwrites(String channelId, Map<String, Overwrite> members) {

  public ChannelOverwrites {
    members = Map.copyOf(members);
  }
}
