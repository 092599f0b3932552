package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The world view on 127.0.0.1: {@code /} is a page that shows {@code /world.json} and reloads it every second,
 * and {@code POST /act/respond} lets a person act as a member, accepting or declining an invitation as they would
 * in Google Calendar.
 */
final class WorldServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESPONSES = Set.of("accepted", "declined", "tentative", "needsAction");

  /** What a member's answer does in the world: the calendar's attendee changes; the sandbox then asks for a sync. */
  interface Respond {
    void respond(String calendarId, String eventId, String email, String responseStatus);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "sandbox-world-view");
    t.setDaemon(true);
    return t;
  });
  private final Supplier<JsonNode> world;
  private final Respond respond;

  WorldServer(int port, Supplier<JsonNode> world, Respond respond) throws IOException {
    this.world = world;
    this.respond = respond;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if ("GET".equals(method) && path.equals("/world.json")) {
        send(exchange, 200, "application/json", JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(world.get()));
      } else if ("GET".equals(method) && (path.equals("/") || path.equals("/index.html"))) {
        try (InputStream page = WorldServer.class.getClassLoader().getResourceAsStream("sandbox/world.html")) {
          send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
        }
      } else if ("POST".equals(method) && path.equals("/act/respond")) {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String answer = body.path("responseStatus").asText();
        if (!RESPONSES.contains(answer)) {
          send(exchange, 400, "text/plain", ("responseStatus must be one of " + RESPONSES).getBytes(
              StandardCharsets.UTF_8));
          return;
        }
        try {
          respond.respond(body.path("calendarId").asText(), body.path("eventId").asText(),
              body.path("email").asText(), answer);
        } catch (IllegalArgumentException e) {
          send(exchange, 404, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
          return;
        }
        send(exchange, 204, null, null);
      } else {
        send(exchange, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) {
      send(exchange, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (body == null) {
      exchange.sendResponseHeaders(code, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
