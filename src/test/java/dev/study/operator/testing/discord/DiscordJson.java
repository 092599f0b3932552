package dev.study.operator.testing.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON shapes the fake sends, with the fields JDA requires (see FACTS.md, "GUILD_CREATE"): guilds, roles,
 * members and users.
 */
final class DiscordJson {
  private DiscordJson() {}

  /** The whole guild, as GUILD_CREATE carries it. Call under the model's lock. */
  static JsonObject guildCreate(DiscordModel model, Guild guild) {
    JsonArray roles = new JsonArray()
        .add(role(guild.id, "@everyone", 0, FakeDiscord.EVERYONE_PERMISSIONS, false))
        .add(role(guild.botRoleId, "StudyBot", 1, guild.botRolePermissions, true)
            .put("tags", new JsonObject().put("bot_id", model.botUserId)));
    JsonArray guildChannels = new JsonArray();
    model.channels.values().stream().filter(c -> c.guildId.equals(guild.id)).forEach(c -> guildChannels.add(c.toJson()));
    JsonArray members = new JsonArray();
    guild.members.forEach(m -> members.add(member(model, m, guild)));
    return new JsonObject()
        .put("id", guild.id)
        .put("name", guild.name)
        .putNull("icon")
        .putNull("splash")
        .putNull("banner")
        .putNull("description")
        .put("owner_id", guild.ownerId) // not the bot: an owner bypasses every permission check
        .put("member_count", guild.members.size())
        .put("afk_timeout", 300)
        .putNull("afk_channel_id")
        .putNull("system_channel_id")
        .put("system_channel_flags", 0)
        .put("verification_level", 0)
        .put("default_message_notifications", 0)
        .put("explicit_content_filter", 0)
        .put("mfa_level", 0)
        .put("nsfw_level", 0)
        .put("premium_tier", 0)
        .put("premium_subscription_count", 0)
        .put("preferred_locale", "en-US")
        .put("max_members", 500_000)
        .put("features", new JsonArray())
        .put("large", false)
        .put("unavailable", false)
        .put("joined_at", "2026-01-01T00:00:00.000000+00:00")
        .put("roles", roles)
        .put("channels", guildChannels)
        .put("members", members)
        .put("emojis", new JsonArray())
        .put("stickers", new JsonArray())
        .put("threads", new JsonArray())
        .put("voice_states", new JsonArray())
        .put("presences", new JsonArray())
        .put("stage_instances", new JsonArray())
        .put("guild_scheduled_events", new JsonArray())
        .put("soundboard_sounds", new JsonArray());
  }

  static JsonObject role(String id, String name, int position, long permissions, boolean managed) {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("position", position)
        .put("permissions", Long.toUnsignedString(permissions))
        .put("color", 0)
        .put("colors", new JsonObject().put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color"))
        .put("hoist", false)
        .put("managed", managed)
        .put("mentionable", false)
        .put("flags", 0)
        .putNull("icon")
        .putNull("unicode_emoji");
  }

  static JsonObject member(DiscordModel model, String userId, Guild guild) {
    JsonArray roles = new JsonArray();
    if (userId.equals(model.botUserId)) {
      roles.add(guild.botRoleId);
    }
    return new JsonObject()
        .put("user", user(model, userId))
        .put("roles", roles)
        .putNull("nick")
        .putNull("avatar")
        .put("joined_at", "2026-01-01T00:00:00.000000+00:00")
        .putNull("premium_since")
        .put("deaf", false)
        .put("mute", false)
        .put("pending", false)
        .put("flags", 0);
  }

  static JsonObject user(DiscordModel model, String userId) {
    return new JsonObject()
        .put("id", userId)
        .put("username", model.usernames.getOrDefault(userId, "user" + userId.substring(userId.length() - 4)))
        .put("discriminator", "0")
        .putNull("global_name")
        .putNull("avatar")
        .put("public_flags", 0);
  }
}
