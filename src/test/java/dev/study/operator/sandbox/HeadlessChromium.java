package dev.study.operator.sandbox;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol on 127.0.0.1: open a page, evaluate JavaScript
 * in it (read the DOM, click a button), take a screenshot. A real browser runs the page's own script, so a test
 * sees what a person would.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /** /usr/bin/chromium, else chromium or chromium-browser on the PATH. */
  static Optional<Path> find() {
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      return Optional.of(Path.of("/usr/bin/chromium"));
    }
    for (String d : Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(d, name);
        if (!d.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts the browser with a fresh profile in {@code profile} and opens {@code url}. */
  static HeadlessChromium open(Path binary, String url, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--window-size=1280,1100", url)
        .redirectOutput(profile.resolveSibling("chromium.out").toFile())
        .redirectError(profile.resolveSibling("chromium.err").toFile()).start();
    try {
      // Chromium writes the port it chose to DevToolsActivePort in the profile once it listens
      Path portFile = profile.resolve("DevToolsActivePort");
      await().atMost(ANSWER_WITHIN).until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 1);
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String[] debuggerUrl = {null};
      await().atMost(ANSWER_WITHIN).ignoreExceptions().until(() -> {
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode t : targets) {
          if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith(url)) {
            debuggerUrl[0] = t.path("webSocketDebuggerUrl").asText();
          }
        }
        return debuggerUrl[0] != null;
      });
      return new HeadlessChromium(process, http, debuggerUrl[0]);
    } catch (RuntimeException e) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      throw e;
    }
  }

  private HeadlessChromium(Process process, HttpClient http, String debuggerUrl) {
    this.process = process;
    this.socket = http.newWebSocketBuilder().buildAsync(URI.create(debuggerUrl), new Listener()).join();
  }

  /** The value of a JavaScript expression in the page (a promise is awaited). */
  JsonNode evaluate(String expression) {
    ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("the page threw: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** The page as a PNG, as it is drawn now. */
  byte[] screenshot() {
    JsonNode result = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    return Base64.getDecoder().decode(result.path("data").asText());
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode reply = answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.path("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + method, e);
    } catch (Exception e) {
      throw new IllegalStateException("no answer to " + method, e);
    } finally {
      pending.remove(id);
    }
  }

  @Override
  public void close() {
    socket.abort();
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects frames into messages; answers (with an id) complete their call, events are not needed here. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> waiting = pending.get(message.path("id").asInt(-1));
          if (waiting != null) {
            waiting.complete(message);
          }
        } catch (IOException e) {
          // not JSON: Chromium sends nothing else, so there is nothing to complete
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
