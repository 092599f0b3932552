package dev.study.operator.discord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the Discord side looks like for one group: the member overwrites of each managed channel. */
public record ObservedOverwrites(Map<String, ChannelOverwrites> byChannel) {

  public ObservedOverwrites {
    byChannel = Map.copyOf(byChannel);
  }

  public static ObservedOverwrites of(List<ChannelOverwrites> channels) {
    return new ObservedOverwrites(channels.stream()
        .collect(Collectors.toMap(ChannelOverwrites::channelId, Function.identity(), (a, b) -> b)));
  }

  public Optional<Overwrite> overwrite(String channelId, String userId) {
    ChannelOverwrites channel = byChannel.get(channelId);
    return channel == null ? Optional.empty() : Optional.ofNullable(channel.members().get(userId));
  }
}
