package dev.study.operator.testing.discord;

import dev.study.operator.testing.discord.GatewaySessions.Session;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The gateway websocket (gateway.mdx): HELLO, IDENTIFY answered with READY and one GUILD_CREATE per available
 * guild, heartbeats, and RESUME. A resume of a session Discord still keeps replays the dispatches after the
 * client's {@code seq}, in order, then sends RESUMED; a session it no longer keeps gets Invalid Session (op 9)
 * with {@code d: false} (https://discord.com/developers/docs/events/gateway#resuming).
 */
final class GatewayEndpoint {
  /**
   * Close code 4000 "Unknown error ... Try reconnecting?": the client may reconnect and resume
   * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes).
   */
  static final short UNKNOWN_ERROR = 4000;
  /** Close code 4009 "Your session timed out. Reconnect and start a new one." (the same table). */
  static final short SESSION_TIMED_OUT = 4009;

  private final DiscordModel model;
  private final GatewaySessions sessions;
  private final Supplier<String> gatewayUrl;
  private final AtomicInteger identifies = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private final AtomicInteger invalidSessions = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean refusing;

  GatewayEndpoint(DiscordModel model, GatewaySessions sessions, Supplier<String> gatewayUrl) {
    this.model = model;
    this.sessions = sessions;
    this.gatewayUrl = gatewayUrl;
  }

  void accept(ServerWebSocket ws) {
    if (refusing) {
      refused.incrementAndGet();
      ws.reject(503); // the gateway cannot be reached: the client backs off and tries again
      return;
    }
    AtomicReference<Session> bound = new AtomicReference<>();
    ws.textMessageHandler(text -> onMessage(ws, bound, new JsonObject(text)));
    ws.closeHandler(v -> closed(ws, bound.get()));
    ws.exceptionHandler(e -> closed(ws, bound.get()));
    ws.writeTextMessage(new JsonObject().put("op", 10).putNull("s").putNull("t")
        .put("d", new JsonObject().put("heartbeat_interval", 41_250)).encode());
  }

  private void onMessage(ServerWebSocket ws, AtomicReference<Session> bound, JsonObject payload) {
    int op = payload.getInteger("op", -1);
    switch (op) {
      case 1 -> ws.writeTextMessage(new JsonObject().put("op", 11).putNull("d").putNull("s").putNull("t").encode());
      case 2 -> identify(ws, bound, payload.getJsonObject("d"));
      case 6 -> resume(ws, bound, payload.getJsonObject("d"));
      default -> { }
    }
  }

  /**
   * gateway.mdx, "Initiating a Disconnect": a client that closes with 1000 or 1001 invalidates its session; any
   * other close, or a dropped connection, leaves it to be resumed.
   */
  private void closed(ServerWebSocket ws, Session session) {
    if (session == null) {
      return;
    }
    Short code = ws.closeStatusCode();
    sessions.later(() -> {
      session.detach(ws);
      if (code != null && (code == 1000 || code == 1001)) {
        sessions.forget(session);
      }
    });
  }

  private void identify(ServerWebSocket ws, AtomicReference<Session> bound, JsonObject d) {
    if (!model.acceptsToken(d == null ? null : d.getString("token"))) {
      ws.close((short) 4004, "Authentication failed.");
      return;
    }
    identifies.incrementAndGet();
    DiscordModel.Login login = model.login();
    Session session = sessions.new Session("fake-session-" + model.nextId(), d.getInteger("intents", 0), ws);
    JsonObject ready = new JsonObject()
        .put("v", 10)
        .put("user", DiscordJson.user(model, model.botUserId).put("bot", true).put("verified", true).put("mfa_enabled", false))
        .put("session_id", session.id)
        .put("resume_gateway_url", gatewayUrl.get())
        .put("guilds", login.unavailable())
        .put("private_channels", new JsonArray())
        .put("relationships", new JsonArray())
        .put("presences", new JsonArray())
        .put("shard", new JsonArray().add(0).add(1))
        .put("application", new JsonObject().put("id", model.applicationId).put("flags", 0));
    session.dispatch("READY", ready);
    login.guildCreates().forEach(g -> session.dispatch("GUILD_CREATE", g));
    sessions.add(session);
    bound.set(session);
  }

  private void resume(ServerWebSocket ws, AtomicReference<Session> bound, JsonObject d) {
    if (d == null || !model.acceptsToken(d.getString("token"))) {
      ws.close((short) 4004, "Authentication failed.");
      return;
    }
    String sessionId = d.getString("session_id");
    long seq = d.getValue("seq") instanceof Number n ? n.longValue() : 0;
    sessions.later(() -> {
      Session session = sessions.find(sessionId);
      if (session != null && session.resumeOn(ws, seq)) {
        resumes.incrementAndGet();
        bound.set(session);
        return;
      }
      if (session != null) {
        sessions.forget(session);
      }
      invalidSessions.incrementAndGet();
      ws.writeTextMessage(new JsonObject().put("op", 9).put("d", false).putNull("s").putNull("t").encode());
    });
  }

  // ---------------------------------------------------------------- controls

  /** Closes every connection with 4000; the sessions stay, so the clients resume them. */
  void dropConnections() {
    sessions.now(() -> sessions.all().forEach(s -> {
      ServerWebSocket ws = s.connection();
      if (ws != null) {
        s.detach(ws);
        ws.close(UNKNOWN_ERROR, "Unknown error");
      }
    }));
  }

  /** Closes every connection with this code, and the sessions end with them (nothing to resume). */
  void closeSessions(int code) {
    sessions.now(() -> sessions.all().forEach(s -> {
      sessions.forget(s);
      ServerWebSocket ws = s.connection();
      if (ws != null) {
        ws.close((short) code, "closed by the test");
      }
    }));
  }

  /**
   * Discord forgets every session, as after a disconnect longer than "a few minutes" (gateway.mdx): a RESUME gets
   * op 9 d:false and the client identifies afresh. A session still connected is closed with 4009.
   */
  void expireSessions() {
    sessions.now(() -> {
      List<Session> all = sessions.all();
      all.forEach(sessions::forget);
      all.forEach(s -> {
        ServerWebSocket ws = s.connection();
        if (ws != null) {
          s.detach(ws);
          ws.close(SESSION_TIMED_OUT, "Session timed out");
        }
      });
    });
  }

  void refuseConnections(boolean refuse) {
    refusing = refuse;
  }

  int identifyCount() {
    return identifies.get();
  }

  int resumeCount() {
    return resumes.get();
  }

  int refusedConnectionCount() {
    return refused.get();
  }

  int invalidSessionCount() {
    return invalidSessions.get();
  }
}
