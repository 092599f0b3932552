package dev.study.operator.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a child JVM, started from its main class on the test's own classpath and configured only
 * from environment variables, as the container image runs it. {@link #kill()} sends SIGKILL
 * ({@link Process#destroyForcibly()} on Linux): no shutdown hook runs, nothing is flushed or released.
 */
final class OperatorProcess implements AutoCloseable {
  static final String MAIN_CLASS = "dev.study.operator.StudyGroupOperator";
  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -cp <the test's classpath> StudyGroupOperator} with exactly this environment. */
  static OperatorProcess start(Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a small heap and the C1 compiler only: the child starts faster on a shared 2-core machine
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      return new OperatorProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the operator process", e);
    }
  }

  /** target/faults/NAME.log, emptied: kept after the test for reading, and for the secrets scan. */
  static Path logFile(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "faults"));
      Path file = dir.resolve(name + ".log");
      Files.deleteIfExists(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the operator process outlived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** 137 = 128 + SIGKILL(9), what the kernel reports for a killed JVM. */
  int exitCode() {
    return process.exitValue();
  }

  /** The port of the health and metrics endpoints (HTTP_PORT=0 picks a free one, which the child logs). */
  int httpPort() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("health and metrics on port (\\d+)").matcher(output());
    int port = -1;
    while (m.find()) {
      port = Integer.parseInt(m.group(1));
    }
    return port;
  }

  /** A sample of the child's Prometheus endpoint, e.g. {@code studygroup_leader}; -1 when absent or unreachable. */
  double metric(String name) {
    int port = httpPort();
    if (port < 0 || !alive()) {
      return -1;
    }
    try {
      var client = java.net.http.HttpClient.newHttpClient();
      String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
          + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      double sum = -1;
      for (String line : body.split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Everything the child printed so far (all of its runs append to one file). */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
