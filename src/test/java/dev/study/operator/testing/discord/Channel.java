package dev.study.operator.testing.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** A guild channel in the fake (type 0 text, 2 voice, 4 category) with its permission overwrites. */
final class Channel {
  final String id;
  final String guildId;
  final int type;
  String name;
  String parentId;
  final int position;
  final Map<String, Overwrite> overwrites = new LinkedHashMap<>();

  /** One permission overwrite: type 0 is a role, 1 a member (channel.mdx, Overwrite Object). */
  record Overwrite(String id, int type, long allow, long deny) {}

  Channel(String id, String guildId, int type, String name, int position) {
    this.id = id;
    this.guildId = guildId;
    this.type = type;
    this.name = name;
    this.position = position;
  }

  JsonObject toJson() {
    JsonArray ows = new JsonArray();
    overwrites.values().forEach(o -> ows.add(new JsonObject().put("id", o.id).put("type", o.type)
        .put("allow", Long.toUnsignedString(o.allow)).put("deny", Long.toUnsignedString(o.deny))));
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("guild_id", guildId)
        .put("name", name)
        .put("position", position)
        .put("parent_id", parentId)
        .put("nsfw", false)
        .put("flags", 0)
        .put("permission_overwrites", ows);
    if (type == 2) {
      json.put("bitrate", 64_000).put("user_limit", 0).putNull("rtc_region").put("rate_limit_per_user", 0);
    } else {
      json.putNull("topic").putNull("last_message_id").put("rate_limit_per_user", 0);
    }
    return json;
  }
}
