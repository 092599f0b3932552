package dev.study.operator.discord;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the Discord side looks like for one group: the member overwrites of each managed channel, and the user
 * ids whose overwrites the operator must never change, whatever the spec says (the bot itself: removing its own
 * overwrite on a private channel would lock it out; later also a configured list of protected users).
 */
public record ObservedOverwrites(Map<String, ChannelOverwrites> byChannel, Set<String> untouchable) {

  public ObservedOverwrites {
    byChannel = Map.copyOf(byChannel);
    untouchable = Collections.unmodifiableSet(new LinkedHashSet<>(untouchable));
  }

  public static ObservedOverwrites of(List<ChannelOverwrites> channels) {
    return of(channels, Set.of());
  }

  public static ObservedOverwrites of(List<ChannelOverwrites> channels, Set<String> untouchable) {
    return new ObservedOverwrites(channels.stream()
        .collect(Collectors.toMap(ChannelOverwrites::channelId, Function.identity(), (a, b) -> b)), untouchable);
  }

  public Optional<Overwrite> overwrite(String channelId, String userId) {
    ChannelOverwrites channel = byChannel.get(channelId);
    return channel == null ? Optional.empty() : Optional.ofNullable(channel.members().get(userId));
  }
}
