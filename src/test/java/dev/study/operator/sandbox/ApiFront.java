package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The API server address kubectl talks to: a pass-through to fabric8's mock that adds the two answers the mock
 * cannot give over plain HTTP. Watches ({@code ?watch=true}) are served as a chunked stream of
 * {@code {"type":…,"object":…}} lines from the {@link WatchLog}, from the resourceVersion asked for, as a real
 * API server does (the mock serves watches over websockets only, so kubectl printed "Failed to watch"). And a
 * {@code get} asking for a Table gets one built from the CRD's printer columns ({@link PrinterTable}).
 *
 * <p>Lists through the front carry the watch log's resourceVersion, so that kubectl's list-then-watch misses no
 * change in between. The operator's own client talks to the mock directly: it watches over websockets, which
 * this front does not relay.
 */
final class ApiFront implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Headers java.net.http sets itself, or that describe a body this front re-frames. */
  private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "accept-encoding", "keep-alive");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sandbox-api-front");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String mockUrl;
  private final SandboxDispatcher dispatcher;
  private final HttpWatch watches;
  private final Clock clock;

  ApiFront(int port, String mockUrl, SandboxDispatcher dispatcher, Clock clock) throws IOException {
    this.mockUrl = mockUrl;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.watches = new HttpWatch(dispatcher.watchLog(), this::kindOf, this::table, this::listForWatch);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    watches.close();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      Optional<ApiPath> path = ApiPath.parse(uri.getRawPath(), uri.getRawQuery());
      if ("GET".equals(method) && path.isPresent() && path.get().isWatch()) {
        watches.serve(exchange, path.get(), wantsTable(exchange));
        return;
      }
      // taken before the list is read: a change after it is both in the list and replayed, never lost
      long listedAt = dispatcher.watchLog().latest();
      HttpResponse<byte[]> answer = forward(exchange, method, uri);
      byte[] body = answer.body();
      if ("GET".equals(method) && answer.statusCode() == 200 && path.isPresent()) {
        body = rewrite(path.get(), body, listedAt, wantsTable(exchange));
      }
      answer.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      boolean empty = body.length == 0 && (answer.statusCode() == 204 || answer.statusCode() == 304);
      exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String method, URI uri)
      throws IOException, InterruptedException {
    byte[] requestBody = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mockUrl + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
        .timeout(Duration.ofSeconds(60))
        .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A list gets the watch log's resourceVersion; a custom resource asked for as a Table becomes one. */
  private byte[] rewrite(ApiPath path, byte[] body, long listedAt, boolean table) throws IOException {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      return body;
    }
    if (answer == null || !answer.isObject()) {
      return body;
    }
    boolean list = answer.has("items");
    if (list) {
      ((ObjectNode) answer.withObject("metadata")).put("resourceVersion", Long.toString(listedAt));
    }
    if (table && path.subresource() == null) {
      List<JsonNode> objects = new ArrayList<>();
      if (list) {
        answer.path("items").forEach(objects::add);
      } else {
        objects.add(answer);
      }
      Optional<ObjectNode> asTable = table(path, objects, list ? Long.toString(listedAt)
          : answer.path("metadata").path("resourceVersion").asText());
      if (asTable.isPresent()) {
        answer = asTable.get();
      }
    }
    return JSON.writeValueAsBytes(answer);
  }

  /** The Table for objects of a custom resource; empty for a built-in one, which kubectl prints from the list. */
  private Optional<ObjectNode> table(ApiPath path, List<JsonNode> objects, String resourceVersion) {
    if (path.group().isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode crd : dispatcher.storedCrds()) {
      if (crd.path("spec").path("group").asText().equals(path.group())
          && crd.path("spec").path("names").path("plural").asText().equals(path.plural())) {
        return Optional.of(PrinterTable.of(PrinterTable.columns(crd, path.version()), objects, resourceVersion,
            path.query().getOrDefault("includeObject", ""), clock.instant()));
      }
    }
    return Optional.empty();
  }

  /** The kind discovery names for a path's resource, or empty when discovery does not know it. */
  private Optional<String> kindOf(ApiPath path) {
    return Discovery.document(path.groupVersionPath(), dispatcher.storedCrds())
        .flatMap(doc -> {
          for (JsonNode r : doc.path("resources")) {
            if (r.path("name").asText().equals(path.plural())) {
              return Optional.of(r.path("kind").asText());
            }
          }
          return Optional.empty();
        });
  }

  /** The objects a watch without a resourceVersion starts with, as synthetic ADDED events. */
  private List<JsonNode> listForWatch(ApiPath path) throws IOException, InterruptedException {
    StringBuilder uri = new StringBuilder(mockUrl).append(path.groupVersionPath());
    if (path.namespace() != null) {
      uri.append("/namespaces/").append(path.namespace());
    }
    uri.append('/').append(path.plural());
    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(uri.toString()))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    List<JsonNode> items = new ArrayList<>();
    if (answer.statusCode() == 200) {
      JsonNode list = JSON.readTree(new String(answer.body(), StandardCharsets.UTF_8));
      list.path("items").forEach(items::add);
    }
    return items;
  }

  private static boolean wantsTable(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }
}
