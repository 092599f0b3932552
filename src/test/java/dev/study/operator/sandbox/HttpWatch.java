package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP watch, as the Kubernetes API serves it: a 200 with a chunked body of one JSON event a line,
 * {@code {"type":"ADDED|MODIFIED|DELETED","object":…}}. With a resourceVersion, the changes after it are replayed
 * from the {@link WatchLog} and then followed; without one (or "0"), the current objects come first as ADDED.
 * A resourceVersion older than the log is answered with an ERROR event carrying a 410 Expired Status, after which
 * kubectl lists again. {@code timeoutSeconds} ends the stream, as it does on a real server; with
 * {@code allowWatchBookmarks=true}, an idle watch gets a BOOKMARK every 30 s.
 */
final class HttpWatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.time.Duration BOOKMARK_EVERY = java.time.Duration.ofSeconds(30);

  interface Lister {
    List<JsonNode> list(ApiPath path) throws IOException, InterruptedException;
  }

  interface Tabler {
    Optional<ObjectNode> table(ApiPath path, List<JsonNode> objects, String resourceVersion);
  }

  private final WatchLog log;
  private final Function<ApiPath, Optional<String>> kinds;
  private final Tabler tables;
  private final Lister lister;
  private volatile boolean closed;

  HttpWatch(WatchLog log, Function<ApiPath, Optional<String>> kinds, Tabler tables, Lister lister) {
    this.log = log;
    this.kinds = kinds;
    this.tables = tables;
    this.lister = lister;
  }

  void close() {
    closed = true;
  }

  void serve(HttpExchange exchange, ApiPath path, boolean asTable) throws IOException, InterruptedException {
    Optional<String> kind = kinds.apply(path);
    if (kind.isEmpty()) {
      byte[] body = SandboxDispatcher.status(404, "NotFound", "the server could not find the requested resource",
          null).getBody().readByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      return;
    }
    String from = path.query().getOrDefault("resourceVersion", "");
    boolean fromNow = from.isEmpty() || "0".equals(from);
    WatchLog.Subscription subscription = log.subscribe(fromNow ? Long.MAX_VALUE : SandboxDispatcher.parseVersion(from),
        object -> path.matches(object, kind.get()));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    exchange.sendResponseHeaders(200, 0); // 0: chunked, the length is not known
    OutputStream out = exchange.getResponseBody();
    if (subscription == null) {
      ObjectNode expired = (ObjectNode) JSON.readTree(SandboxDispatcher.status(410, "Expired", "too old resource"
          + " version: " + from, null).getBody().readUtf8());
      write(out, "ERROR", expired, path, asTable);
      return;
    }
    long timeout = Long.parseLong(path.query().getOrDefault("timeoutSeconds", "0"));
    long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : Long.MAX_VALUE;
    try {
      if (fromNow) {
        // subscribed first, so a change during the list is sent after it, never lost
        for (JsonNode object : lister.list(path)) {
          if (path.matches(object, kind.get())) {
            write(out, "ADDED", object, path, asTable);
          }
        }
      }
      boolean bookmarks = "true".equals(path.query().get("allowWatchBookmarks")) && !asTable;
      long idleSince = System.nanoTime();
      while (!closed && System.nanoTime() < deadline) {
        WatchLog.Event event = subscription.queue.poll(250, TimeUnit.MILLISECONDS);
        if (event != null) {
          write(out, event.type(), event.object(), path, asTable);
          idleSince = System.nanoTime();
        } else if (bookmarks && System.nanoTime() - idleSince > BOOKMARK_EVERY.toNanos()) {
          // a bookmark tells the client how far it is, and a write is how a watch learns that kubectl went away
          write(out, "BOOKMARK", bookmark(path, kind.get()), path, false);
          idleSince = System.nanoTime();
        }
      }
    } catch (IOException e) {
      // kubectl went away (Ctrl-C, or wait got its condition): nothing to tell anyone
    } finally {
      log.unsubscribe(subscription);
    }
  }

  /** An object of the watched kind carrying only the resourceVersion the watch has reached. */
  private ObjectNode bookmark(ApiPath path, String kind) {
    ObjectNode object = JSON.createObjectNode()
        .put("apiVersion", path.group().isEmpty() ? path.version() : path.group() + "/" + path.version())
        .put("kind", kind);
    object.putObject("metadata").put("resourceVersion", Long.toString(log.latest()));
    return object;
  }

  private void write(OutputStream out, String type, JsonNode object, ApiPath path, boolean asTable)
      throws IOException {
    JsonNode sent = object;
    if (asTable && !"ERROR".equals(type)) {
      sent = tables.table(path, List.of(object), object.path("metadata").path("resourceVersion").asText())
          .map(JsonNode.class::cast).orElse(object);
    }
    ObjectNode event = JSON.createObjectNode().put("type", type);
    event.set("object", sent);
    out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
