package dev.study.operator.discord;

import dev.study.operator.api.DiscordTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A channel whose member overwrites the operator manages, with its guild, as recorded in {@code status.targets}
 * ({@code guildId/channelId}), so that a channel the spec no longer names can still be cleaned.
 */
public record ChannelTarget(String guildId, String channelId) {
  private static final String SEPARATOR = "/";

  /** The managed channels of a Discord section: the text channel and the voice channel if any. */
  public static Set<String> of(DiscordTarget discord) {
    Set<String> ids = new LinkedHashSet<>();
    if (discord != null) {
      for (ManagedChannel channel : DesiredAccess.channelsOf(discord)) {
        ids.add(new ChannelTarget(discord.getGuildId(), channel.channelId()).id());
      }
    }
    return ids;
  }

  /** Parses recorded ids, sorted so that cleanup writes in a stable order; ids of another shape are skipped. */
  public static List<ChannelTarget> parse(Set<String> ids) {
    List<ChannelTarget> channels = new ArrayList<>();
    for (String id : new TreeSet<>(ids)) {
      int at = id.indexOf(SEPARATOR);
      if (at > 0 && at < id.length() - 1) {
        channels.add(new ChannelTarget(id.substring(0, at), id.substring(at + 1)));
      }
    }
    return channels;
  }

  public String id() {
    return guildId + SEPARATOR + channelId;
  }
}
