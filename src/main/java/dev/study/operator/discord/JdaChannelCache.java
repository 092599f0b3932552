package dev.study.operator.discord;

import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.attribute.ICategorizableChannel;
import net.dv8tion.jda.api.entities.channel.attribute.IPermissionContainer;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;

/**
 * The guilds and channels of JDA's gateway cache, found only through the guild they are named with, never
 * through the bot's other guilds.
 *
 * <p>The cache is trusted only while the session is CONNECTED and the guild is available: JDA empties its caches
 * on a session it cannot resume, and a guild in an outage (GUILD_DELETE with {@code unavailable: true}) is missing
 * from them, so a miss then means "ask again later" (GATEWAY_UNAVAILABLE), never "gone" (CHANNEL_NOT_FOUND).
 */
final class JdaChannelCache {
  private final JDA jda;

  JdaChannelCache(JDA jda) {
    this.jda = jda;
  }

  Guild guild(String guildId) throws DiscordFailure {
    if (guildId == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "no guild was named");
    }
    requireTrusted(guildId);
    Guild guild = jda.getGuildById(guildId);
    if (guild == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "guild " + guildId + " is unknown to the bot");
    }
    return guild;
  }

  /** A channel whose overwrites can be read and written: a text or voice channel, not a thread. */
  IPermissionContainer permissionContainer(String guildId, String channelId) throws DiscordFailure {
    GuildChannel channel = guild(guildId).getGuildChannelById(channelId);
    if (!(channel instanceof IPermissionContainer container)) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND,
          "channel " + channelId + " is not in guild " + guildId + " or the bot cannot see it");
    }
    return container;
  }

  GuildMessageChannel messageChannel(String guildId, String channelId) throws DiscordFailure {
    GuildMessageChannel channel = guild(guildId).getChannelById(GuildMessageChannel.class, channelId);
    if (channel == null) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND,
          "channel " + channelId + " is not a message channel of guild " + guildId + " that the bot can see");
    }
    return channel;
  }

  /**
   * Where the channel is: in the named guild (with its category), in another of the bot's guilds, or nowhere the
   * bot can see.
   */
  ChannelPlace locate(String guildId, String channelId) throws DiscordFailure {
    requireTrusted(guildId);
    Guild guild = jda.getGuildById(guildId);
    GuildChannel channel = guild == null ? null : guild.getGuildChannelById(channelId);
    if (channel != null) {
      return ChannelPlace.inGuild(channel instanceof ICategorizableChannel c ? c.getParentCategoryId() : null);
    }
    return jda.getGuildChannelById(channelId) != null ? ChannelPlace.otherGuild() : ChannelPlace.notFound();
  }

  private void requireTrusted(String guildId) throws DiscordFailure {
    requireConnected();
    requireAvailable(guildId);
  }

  private void requireConnected() throws DiscordFailure {
    JDA.Status status = jda.getStatus();
    if (status != JDA.Status.CONNECTED) {
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "the Discord gateway session is " + status + ", so its cache cannot be trusted");
    }
  }

  /** A guild in an outage is absent from the cache; that says nothing about its channels (gateway-events.mdx). */
  private void requireAvailable(String guildId) throws DiscordFailure {
    boolean unavailable;
    try {
      unavailable = jda.isUnavailable(Long.parseUnsignedLong(guildId));
    } catch (NumberFormatException e) {
      throw new DiscordFailure(DiscordFailure.Kind.CHANNEL_NOT_FOUND, "guild id " + guildId + " is not a snowflake");
    }
    if (unavailable) {
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE,
          "guild " + guildId + " is unavailable (a Discord outage); trying again later");
    }
  }
}
