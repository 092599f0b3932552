package dev.study.operator.testing.discord;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The gateway sessions Discord keeps, and the one ordered queue every dispatch goes through. A session outlives
 * its connection: Discord keeps it after a disconnect, numbering and keeping the dispatches meant for it, so a
 * client can resume it and receive what it missed (gateway.mdx, "Resuming":
 * https://discord.com/developers/docs/events/gateway#resuming).
 */
final class GatewaySessions {
  /**
   * How many dispatches a session keeps for a resume. Discord documents no figure, only that a disconnected
   * session "will remain active and timeout after a few minutes" (gateway.mdx, "Initiating a Disconnect"); a
   * resume from further back than this gets op 9 d:false, as a timed-out session does.
   */
  static final int REPLAY_LIMIT = 1000;

  private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-discord-gateway");
    t.setDaemon(true);
    return t;
  });
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private final AtomicInteger replayed = new AtomicInteger();

  /**
   * Dispatches after the REST reply is on its way, as Discord does: the event trails the 204. Every event goes
   * through one queue, enqueued while the change is made (under the model's lock), so sessions receive events in
   * the order the changes happened, as Discord's sequence numbers guarantee (gateway.mdx, "Sequence Numbers"):
   * a change by hand can never overtake the event of an earlier REST write.
   */
  void dispatchLater(String type, JsonObject data) {
    queue.execute(() -> sessions.forEach(s -> s.dispatch(type, data)));
  }

  /** Like {@link #dispatchLater} but only to the sessions that pass, e.g. by their intents. */
  void dispatchLater(String type, JsonObject data, Predicate<Session> to) {
    queue.execute(() -> sessions.stream().filter(to).forEach(s -> s.dispatch(type, data)));
  }

  /** Runs on the dispatch queue, in order with every dispatch enqueued before it. */
  void later(Runnable task) {
    queue.execute(task);
  }

  /** Runs on the dispatch queue and waits until it ran, so dispatches enqueued afterwards see its effect. */
  void now(Runnable task) {
    try {
      queue.submit(task).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the fake gateway's queue did not run the task", e);
    }
  }

  void add(Session session) {
    sessions.add(session);
  }

  void forget(Session session) {
    sessions.remove(session);
  }

  Session find(String sessionId) {
    return sessions.stream().filter(s -> s.id.equals(sessionId)).findFirst().orElse(null);
  }

  List<Session> all() {
    return List.copyOf(sessions);
  }

  /** Frames of this dispatch type sent over a connection, live or replayed. */
  int sentCount(String type) {
    AtomicInteger n = sent.get(type);
    return n == null ? 0 : n.get();
  }

  int replayedCount() {
    return replayed.get();
  }

  void close() {
    queue.shutdownNow();
  }

  /** One gateway session: its id, its sequence numbers, the dispatches kept for a resume, its connection if any. */
  final class Session {
    final String id;
    final int intents;
    private int seq;
    private final Deque<JsonObject> kept = new ArrayDeque<>();
    private volatile ServerWebSocket connection;

    Session(String id, int intents, ServerWebSocket connection) {
      this.id = id;
      this.intents = intents;
      this.connection = connection;
    }

    /** Numbers the dispatch, keeps it for a resume, and sends it if the session has a connection. */
    synchronized void dispatch(String type, JsonObject data) {
      JsonObject payload = new JsonObject().put("op", 0).put("s", ++seq).put("t", type).put("d", data);
      kept.addLast(payload);
      if (kept.size() > REPLAY_LIMIT) {
        kept.removeFirst();
      }
      ServerWebSocket ws = connection;
      if (ws != null) {
        send(ws, payload);
      }
    }

    /**
     * Sends what came after {@code lastSeq} over the new connection, then RESUMED, and keeps the connection for
     * what follows; false when the kept dispatches no longer reach back to {@code lastSeq}. Run on the queue, so
     * no dispatch can slip in between the replay and the live ones.
     */
    synchronized boolean resumeOn(ServerWebSocket ws, long lastSeq) {
      long oldest = kept.isEmpty() ? seq + 1 : kept.peekFirst().getLong("s");
      if (lastSeq > seq || lastSeq + 1 < oldest) {
        return false;
      }
      List<JsonObject> missed = new ArrayList<>();
      kept.forEach(p -> {
        if (p.getLong("s") > lastSeq) {
          missed.add(p);
        }
      });
      missed.forEach(p -> send(ws, p));
      replayed.addAndGet(missed.size());
      connection = ws;
      dispatch("RESUMED", new JsonObject().put("_trace", new JsonArray().add("fake-discord")));
      return true;
    }

    /** The connection went away; the session stays, to be resumed. */
    void detach(ServerWebSocket ws) {
      if (connection == ws) {
        connection = null;
      }
    }

    ServerWebSocket connection() {
      return connection;
    }

    private void send(ServerWebSocket ws, JsonObject payload) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(payload.encode());
        sent.computeIfAbsent(payload.getString("t"), t -> new AtomicInteger()).incrementAndGet();
      }
    }
  }
}
