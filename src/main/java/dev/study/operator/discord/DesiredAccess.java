package dev.study.operator.discord;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who should reach which channels: the members' Discord ids and the group's managed channels. */
public record DesiredAccess(String guildId, Set<String> userIds, List<ManagedChannel> channels) {

  public DesiredAccess {
    userIds = Collections.unmodifiableSet(new LinkedHashSet<>(userIds));
    channels = List.copyOf(channels);
  }

  /** Members without a discordUserId get no Discord access; a voice channel, when given, needs CONNECT too. */
  public static DesiredAccess of(DiscordTarget target, List<Member> members) {
    Set<String> ids = new LinkedHashSet<>();
    for (Member m : members) {
      if (m.getDiscordUserId() != null && !m.getDiscordUserId().isBlank()) {
        ids.add(m.getDiscordUserId());
      }
    }
    return new DesiredAccess(target.getGuildId(), ids, channelsOf(target));
  }

  /** The channels a target manages: the text channel and, when given, the voice channel. */
  public static List<ManagedChannel> channelsOf(DiscordTarget target) {
    List<ManagedChannel> channels = new ArrayList<>();
    channels.add(new ManagedChannel(target.getTextChannelId(), DiscordPermissions.TEXT_ACCESS));
    if (target.getVoiceChannelId() != null && !target.getVoiceChannelId().isBlank()) {
      channels.add(new ManagedChannel(target.getVoiceChannelId(), DiscordPermissions.VOICE_ACCESS));
    }
    return channels;
  }
}
