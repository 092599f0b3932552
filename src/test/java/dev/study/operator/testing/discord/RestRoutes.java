package dev.study.operator.testing.discord;

import dev.study.operator.testing.discord.Channel.Overwrite;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The REST API under {@code /api/v10}: authorization, fault rules, then the routes JDA calls for the bot's user,
 * the gateway URL, channels and their permission overwrites, and guild members. Messages and DMs are
 * {@link MessageRoutes}.
 */
final class RestRoutes {
  static final String API = "/api/v10";

  private final Vertx vertx;
  private final DiscordModel model;
  private final BotPermissions permissions;
  private final MessageRoutes messages;
  private final RestLedger ledger;
  private final GatewaySessions gateway;
  private final Supplier<String> gatewayUrl;

  RestRoutes(Vertx vertx, DiscordModel model, BotPermissions permissions, MessageRoutes messages, RestLedger ledger,
      GatewaySessions gateway, Supplier<String> gatewayUrl) {
    this.vertx = vertx;
    this.model = model;
    this.permissions = permissions;
    this.messages = messages;
    this.ledger = ledger;
    this.gateway = gateway;
    this.gatewayUrl = gatewayUrl;
  }

  void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      try {
        answer(req, body);
      } catch (RuntimeException e) {
        req.response().setStatusCode(500).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", "500: Internal Server Error").put("code", 0).encode());
      }
    });
  }

  private void answer(HttpServerRequest req, Buffer body) {
    String method = req.method().name();
    String fullPath = req.path();
    String path = fullPath.startsWith(API) ? fullPath.substring(API.length()) : fullPath;
    String route = method + " " + routeOf(path);
    Reply reply;
    Duration delay = Duration.ZERO;
    DiscordRateLimits.Decision limit = null;

    if (!fullPath.startsWith(API)) {
      reply = Reply.error(404, 0, "404: Not Found");
    } else if (!model.acceptsAuthorization(req.getHeader("Authorization"))) {
      reply = Reply.error(401, 0, "401: Unauthorized");
    } else if ((limit = ledger.admit(method, path)) != null && !limit.allowed()) {
      reply = RestLedger.rateLimitReply(limit);
    } else {
      FaultRule fault = ledger.take(method, path);
      if (fault != null && fault.status() != 0) {
        reply = RestLedger.faultReply(fault, model.clock);
        delay = fault.delay();
      } else {
        if (fault != null) {
          delay = fault.delay();
        }
        reply = route(method, path, body.length() == 0 ? new JsonObject() : body.toJsonObject());
      }
    }

    if (limit != null && limit.allowed()) {
      limit.headers().forEach(reply.headers::putIfAbsent);
    }
    ledger.record(new RecordedRequest(Instant.now(), System.nanoTime(), method, path, route, reply.status,
        body.toString()));
    if (delay.isZero()) {
      reply.send(req);
    } else {
      Reply r = reply;
      vertx.setTimer(Math.max(1, delay.toMillis()), t -> r.send(req));
    }
  }

  /** The route template of a path: snowflakes replaced by the placeholders Discord's docs use. */
  static String routeOf(String path) {
    return path
        .replaceAll("^/channels/\\d+", "/channels/{id}")
        .replaceAll("/permissions/\\d+$", "/permissions/{target}")
        .replaceAll("^/guilds/\\d+", "/guilds/{id}")
        .replaceAll("/members/\\d+$", "/members/{user}")
        .replaceAll("/messages/\\d+$", "/messages/{message}");
  }

  private Reply route(String method, String path, JsonObject body) {
    synchronized (model) {
      String[] seg = path.substring(1).split("/");
      if (inUnavailableGuild(seg)) {
        return Reply.error(503, 0, "503: Service Unavailable");
      }
      switch (method + " " + routeOf(path)) {
        case "GET /users/@me":
          return Reply.json(200, DiscordJson.user(model, model.botUserId).put("bot", true).put("verified", true)
              .put("mfa_enabled", false));
        case "GET /gateway":
          return Reply.json(200, new JsonObject().put("url", gatewayUrl.get()));
        case "GET /gateway/bot":
          return Reply.json(200, new JsonObject().put("url", gatewayUrl.get()).put("shards", 1)
              .put("session_start_limit", new JsonObject().put("total", 1000).put("remaining", 999)
                  .put("reset_after", 14_400_000).put("max_concurrency", 1)));
        case "GET /channels/{id}": {
          Channel channel = model.channels.get(seg[1]);
          return channel == null ? Reply.unknownChannel() : Reply.json(200, channel.toJson());
        }
        case "PATCH /channels/{id}":
          return patchChannel(seg[1], body);
        case "PUT /channels/{id}/permissions/{target}":
          return putOverwrite(seg[1], seg[3], body);
        case "DELETE /channels/{id}/permissions/{target}":
          return deleteOverwrite(seg[1], seg[3]);
        case "POST /channels/{id}/messages":
          return messages.post(seg[1], body);
        case "POST /users/@me/channels":
          return messages.openDm(body.getString("recipient_id"));
        case "GET /guilds/{id}/members/{user}": {
          Guild guild = model.guilds.get(seg[1]);
          if (guild == null) {
            return Reply.error(404, 10004, "Unknown Guild");
          }
          return guild.members.contains(seg[3]) ? Reply.json(200, DiscordJson.member(model, seg[3], guild))
              : Reply.error(404, 10007, "Unknown Member");
        }
        default:
          return Reply.error(404, 0, "404: Not Found");
      }
    }
  }

  private Reply putOverwrite(String channelId, String targetId, JsonObject body) {
    Channel channel = model.channels.get(channelId);
    if (channel == null) {
      return Reply.unknownChannel();
    }
    Guild guild = model.guilds.get(channel.guildId);
    Reply refused = permissions.refuseManaging(guild, channel, bits(body.getValue("allow")) | bits(body.getValue("deny")));
    if (refused != null) {
      return refused;
    }
    int type = body.getInteger("type", 1);
    if (type == 1 && !guild.members.contains(targetId) && model.unknownOverwriteForNonMembers) {
      return Reply.error(404, 10009, "Unknown Overwrite");
    }
    if (type == 0 && !guild.id.equals(targetId) && !guild.botRoleId.equals(targetId)) {
      return Reply.error(404, 10011, "Unknown Role");
    }
    channel.overwrites.put(targetId, new Overwrite(targetId, type, bits(body.getValue("allow")), bits(body.getValue("deny"))));
    gateway.dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.noContent();
  }

  private Reply deleteOverwrite(String channelId, String targetId) {
    Channel channel = model.channels.get(channelId);
    if (channel == null) {
      return Reply.unknownChannel();
    }
    Reply refused = permissions.refuseManaging(model.guilds.get(channel.guildId), channel, 0);
    if (refused != null) {
      return refused;
    }
    if (channel.overwrites.remove(targetId) == null) {
      return Reply.error(404, 10009, "Unknown Overwrite");
    }
    gateway.dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.noContent();
  }

  private Reply patchChannel(String channelId, JsonObject body) {
    Channel channel = model.channels.get(channelId);
    if (channel == null) {
      return Reply.unknownChannel();
    }
    if (body.containsKey("permission_overwrites")) {
      Reply refused = permissions.refuseManaging(model.guilds.get(channel.guildId), channel, 0);
      if (refused != null) {
        return refused;
      }
      channel.overwrites.clear();
      for (Object o : body.getJsonArray("permission_overwrites")) {
        JsonObject ow = (JsonObject) o;
        String id = ow.getString("id");
        channel.overwrites.put(id, new Overwrite(id, ow.getInteger("type"), bits(ow.getValue("allow")), bits(ow.getValue("deny"))));
      }
    }
    if (body.containsKey("name")) {
      channel.name = body.getString("name");
    }
    gateway.dispatchLater("CHANNEL_UPDATE", channel.toJson());
    return Reply.json(200, channel.toJson());
  }

  private boolean inUnavailableGuild(String[] seg) {
    if (seg.length >= 2 && seg[0].equals("channels")) {
      Channel channel = model.channels.get(seg[1]);
      return channel != null && model.guilds.get(channel.guildId).unavailable;
    }
    if (seg.length >= 2 && seg[0].equals("guilds")) {
      Guild guild = model.guilds.get(seg[1]);
      return guild != null && guild.unavailable;
    }
    return false;
  }

  static long bits(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number n ? n.longValue() : Long.parseUnsignedLong(value.toString());
  }
}
