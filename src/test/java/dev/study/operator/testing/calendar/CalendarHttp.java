package dev.study.operator.testing.calendar;

import static dev.study.operator.testing.calendar.FakeCalendar.BATCH;
import static dev.study.operator.testing.calendar.FakeCalendar.TOKEN;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.study.operator.testing.calendar.GoogleErrors.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The HTTP front of the fake on 127.0.0.1: {@code /token}, {@code /batch/calendar/v3}, and the events API, with
 * the Java client's quirks handled (gzipped bodies, {@code X-HTTP-Method-Override: PATCH}).
 */
final class CalendarHttp {
  private static final String BATCH_PATH = "/batch/calendar/v3";
  private static final String JSON_TYPE = "application/json; charset=UTF-8";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CalendarStore store;
  private final EventsApi events;
  private final TokenEndpoint tokens;
  private final CalendarFaults faults;
  private final CallCounters counters;

  CalendarHttp(CalendarStore store, EventsApi events, TokenEndpoint tokens, CalendarFaults faults,
      CallCounters counters) throws IOException {
    this.store = store;
    this.events = events;
    this.tokens = tokens;
    this.faults = faults;
    this.counters = counters;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      faults.awaitSlowness();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      byte[] body = decoded(exchange.getRequestBody().readAllBytes(), headers.get("content-encoding"));
      if (path.equals("/token")) {
        counters.record(TOKEN);
        send(exchange, tokens.token(new String(body, StandardCharsets.UTF_8)), JSON_TYPE);
        return;
      }
      counters.httpRequest();
      if (path.equals(BATCH_PATH) && "POST".equals(exchange.getRequestMethod())) {
        counters.record(BATCH);
        FaultRule fault = faults.faultFor(BATCH, path);
        if (fault != null) {
          send(exchange, Reply.error(fault.status(), fault.reason()), JSON_TYPE);
          return;
        }
        batch(exchange, headers, body);
        return;
      }
      String method = headers.getOrDefault("x-http-method-override", exchange.getRequestMethod());
      Reply reply = events.call(method, path, exchange.getRequestURI().getRawQuery(), headers, body);
      faults.awaitReleaseIfHeld();
      if (reply.drop()) {
        return; // closing the exchange without a reply drops the connection
      }
      send(exchange, reply, JSON_TYPE);
    }
  }

  /** Runs a batch's calls in order and answers one part per call, in the same order. */
  private void batch(HttpExchange exchange, Map<String, String> headers, byte[] body) throws IOException {
    List<Reply> replies = new ArrayList<>();
    boolean drop = false;
    counters.beginBatch();
    try {
      for (BatchCodec.Part part : BatchCodec.parse(headers.getOrDefault("content-type", ""), body)) {
        Reply reply = events.call(part.method(), part.rawPath(), part.rawQuery(), part.headers(), part.body());
        drop |= reply.drop();
        replies.add(reply);
      }
    } finally {
      counters.endBatch();
    }
    faults.awaitReleaseIfHeld();
    if (drop) {
      return;
    }
    String boundary = "batch_" + Integer.toHexString(store.next()) + "_fake";
    byte[] bytes = BatchCodec.encode(replies, boundary);
    exchange.getResponseHeaders().set("Content-Type", "multipart/mixed; boundary=" + boundary);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static void send(HttpExchange exchange, Reply reply, String contentType) throws IOException {
    if (reply.json() == null) {
      exchange.sendResponseHeaders(reply.status(), -1);
      return;
    }
    byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static byte[] decoded(byte[] body, String encoding) throws IOException {
    if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("gzip") || body.length == 0) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
