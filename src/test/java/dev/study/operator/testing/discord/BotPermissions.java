package dev.study.operator.testing.discord;

import static dev.study.operator.testing.discord.FakeDiscord.ADMINISTRATOR;
import static dev.study.operator.testing.discord.FakeDiscord.MANAGE_ROLES;
import static dev.study.operator.testing.discord.FakeDiscord.VIEW_CHANNEL;

import dev.study.operator.testing.discord.Channel.Overwrite;

/** The bot's permissions as Discord computes them (permissions.mdx), and the checks Discord makes with them. */
final class BotPermissions {
  static final long ALL = -1L;

  private final DiscordModel model;

  BotPermissions(DiscordModel model) {
    this.model = model;
  }

  /** The bot's guild-level permissions: @everyone's and its role's; Administrator means all. */
  static long guildPermissions(Guild guild) {
    long base = FakeDiscord.EVERYONE_PERMISSIONS | guild.botRolePermissions;
    return (base & ADMINISTRATOR) != 0 ? ALL : base;
  }

  /** The bot's permissions in a channel, with overwrites applied in Discord's order (permissions.mdx). */
  long inChannel(Guild guild, Channel channel) {
    long perms = guildPermissions(guild);
    if (perms == ALL) {
      return ALL;
    }
    Overwrite everyone = channel.overwrites.get(guild.id);
    if (everyone != null) {
      perms = (perms & ~everyone.deny()) | everyone.allow();
    }
    Overwrite role = channel.overwrites.get(guild.botRoleId);
    if (role != null) {
      perms = (perms & ~role.deny()) | role.allow();
    }
    Overwrite self = channel.overwrites.get(model.botUserId);
    if (self != null) {
      perms = (perms & ~self.deny()) | self.allow();
    }
    return perms;
  }

  /**
   * Edit Channel Permissions (channel.mdx): the bot needs MANAGE_ROLES in the channel and must see it (50001),
   * and "only permissions your bot has in the guild or parent channel can be allowed/denied (unless your bot
   * has a MANAGE_ROLES overwrite in the channel)"; otherwise 403 50013. Null when allowed.
   */
  Reply refuseManaging(Guild guild, Channel channel, long bits) {
    long inChannel = inChannel(guild, channel);
    if ((inChannel & VIEW_CHANNEL) == 0) {
      return Reply.error(403, 50001, "Missing Access");
    }
    if ((inChannel & MANAGE_ROLES) == 0) {
      return Reply.error(403, 50013, "Missing Permissions");
    }
    boolean manageRolesOverwrite = channel.overwrites.values().stream()
        .anyMatch(o -> (o.id().equals(model.botUserId) || o.id().equals(guild.botRoleId)) && (o.allow() & MANAGE_ROLES) != 0);
    if (!manageRolesOverwrite && (bits & ~guildPermissions(guild)) != 0) {
      return Reply.error(403, 50013, "Missing Permissions");
    }
    return null;
  }
}
