package dev.study.operator.discord;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.PermissionOverride;
import net.dv8tion.jda.api.entities.channel.attribute.IPermissionContainer;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;

/**
 * Member overwrites over JDA: read from the gateway cache (no REST call), written one request each.
 *
 * <p>A member overwrite is written with {@code PUT /channels/{id}/permissions/{user}} sent through JDA's low-level
 * route API, because JDA's own {@code upsertPermissionOverride} wants a {@link Member}, which without a member
 * cache costs a {@code GET} first. JDA's rate limiter still governs these requests (429 and buckets).
 */
final class JdaOverwrites {
  private static final int MEMBER_OVERWRITE = 1;
  private final JDA jda;
  private final JdaChannelCache channels;
  private final JdaRequests requests;

  JdaOverwrites(JDA jda, JdaChannelCache channels, JdaRequests requests) {
    this.jda = jda;
    this.channels = channels;
    this.requests = requests;
  }

  /** Reports every member overwrite, the bot's own included: the diff knows to leave that one alone. */
  ChannelOverwrites memberOverwrites(String guildId, String channelId) throws DiscordFailure {
    IPermissionContainer channel = channels.permissionContainer(guildId, channelId);
    Map<String, Overwrite> members = new HashMap<>();
    for (PermissionOverride o : channel.getPermissionOverrides()) {
      if (o.isMemberOverride()) {
        members.put(o.getId(), new Overwrite(o.getAllowedRaw(), o.getDeniedRaw()));
      }
    }
    return new ChannelOverwrites(channelId, members);
  }

  /**
   * A member who is not in the guild is no error of ours: Discord staff say overwrites take any user id
   * (discord-api-docs#2856), but a 404 10009 has been seen for a user who had just left (Red-DiscordBot#3627).
   * Both answers are handled: 204 stands as the grant, 10009 reads as "not in the guild yet".
   */
  void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite) throws DiscordFailure {
    IPermissionContainer channel = channels.permissionContainer(guildId, channelId);
    requireCanManage(channel, overwrite.allow() | overwrite.deny());
    DataObject body = DataObject.empty()
        .put("type", MEMBER_OVERWRITE)
        .put("allow", Long.toUnsignedString(overwrite.allow()))
        .put("deny", Long.toUnsignedString(overwrite.deny()));
    Route.CompiledRoute route = Route.Channels.MODIFY_PERM_OVERRIDE.compile(channelId, userId);
    String what = "putting the overwrite of user " + userId + " on channel " + channelId;
    try {
      requests.complete(new RestActionImpl<Void>(jda, route, body), what);
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.OVERWRITE_NOT_FOUND) {
        throw new DiscordFailure(DiscordFailure.Kind.MEMBER_NOT_IN_GUILD, what + ": user is not in the guild", null);
      }
      throw e;
    }
  }

  /** @return false when it was already gone */
  boolean deleteMemberOverwrite(String guildId, String channelId, String userId) throws DiscordFailure {
    IPermissionContainer channel = channels.permissionContainer(guildId, channelId);
    requireCanManage(channel, 0);
    Route.CompiledRoute route = Route.Channels.DELETE_PERM_OVERRIDE.compile(channelId, userId);
    try {
      requests.complete(new RestActionImpl<Void>(jda, route),
          "deleting the overwrite of user " + userId + " on channel " + channelId);
      return true;
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.OVERWRITE_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Checks what Discord would check, from the cache and before any request: the bot needs Manage Permissions
   * on the channel, and may only set bits it holds there itself.
   */
  private static void requireCanManage(IPermissionContainer channel, long bits) throws DiscordFailure {
    Member self = channel.getGuild().getSelfMember();
    Set<Permission> needed = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MANAGE_PERMISSIONS);
    needed.addAll(Permission.getPermissions(bits));
    if (!self.hasPermission(channel, needed)) {
      EnumSet<Permission> lacking = EnumSet.copyOf(needed);
      lacking.removeAll(self.getPermissions(channel));
      throw new DiscordFailure(DiscordFailure.Kind.MISSING_PERMISSIONS,
          "the bot lacks " + names(lacking) + " on channel " + channel.getId());
    }
  }

  private static String names(Set<Permission> permissions) {
    return String.join(", ", permissions.stream().map(Permission::getName).toList());
  }
}
