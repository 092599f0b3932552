package dev.study.operator.sandbox;

import dev.study.operator.api.StudyGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code mvn -q -Psandbox}: starts a {@link Sandbox}, prints where everything is and what to try, and reprints
 * the groups' table on every change until Ctrl-C; with {@code --once}, exits when the examples are Ready.
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    Sandbox.Options options = Sandbox.Options.defaults();
    boolean once = false;
    Duration timeout = Duration.ofSeconds(120);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--once" -> once = true;
        case "--port" -> options = options.withApiPort(Integer.parseInt(args[++i]));
        case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(args[++i].replaceAll("s$", "")));
        case "--examples" -> options = options.withExamplesDir(Path.of(args[++i]));
        case "--strict-world" -> options = options.withStrictWorld();
        case "--world-port" -> options = options.withWorldPort(Integer.parseInt(args[++i]));
        default -> {
          System.err.println("usage: Sandbox [--once] [--timeout SECONDS] [--port PORT] [--examples DIR]"
              + " [--strict-world] [--world-port PORT]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(options.dir());
    Path log = options.dir().resolve("sandbox.log").toAbsolutePath();
    quietLogging(log);
    PrintStream out = System.out;

    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(options);
    } catch (RuntimeException e) {
      System.err.println("sandbox: could not start: " + e.getMessage()
          + (options.apiPort() != 0 ? " (is port " + options.apiPort() + " in use? try --port 0)" : ""));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      System.out.println("sandbox: stopped");
      stopped.countDown();
    }, "sandbox-shutdown"));
    out.printf("sandbox: Kubernetes API (fabric8 mock, with HTTP watches and Tables) %s, fake Discord %s, fake Calendar %s, PostgreSQL, operator"
        + " started in %.1f s%n", sandbox.apiUrl(), sandbox.discord().restBaseUrl(), sandbox.calendar().rootUrl(),
        sandbox.sinceStart().toMillis() / 1000.0);
    out.println("sandbox: logs in " + log);
    out.println("sandbox: the outside world (Discord, Calendar, reminders) at " + sandbox.worldUrl()
        + " (also in " + relative(options.dir().resolve("world-url")) + ")"
        + (options.strictWorld() ? "; strict world: only what examples/ names exists" : ""));
    ScheduledExecutorService table = liveTable(sandbox, out);

    if (once) {
      int code = 0;
      try {
        Duration ready = sandbox.awaitExamplesReady(timeout);
        long fromCommand = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        table.shutdown();
        table.awaitTermination(2, TimeUnit.SECONDS);
        out.print(GroupTable.render(sandbox.groups()));
        out.printf(Locale.ROOT, "sandbox: all %d examples Ready %.1f s after start, %.1f s after the command%n",
            sandbox.examples().size(), ready.toMillis() / 1000.0, fromCommand / 1000.0);
      } catch (IllegalStateException e) {
        table.shutdownNow();
        System.err.println("sandbox: " + e.getMessage());
        code = 1;
      }
      sandbox.close();
      System.exit(code);
      return;
    }
    out.println(tryNext(sandbox));
    stopped.await();
  }

  /** Prints the table whenever it changes (checked every 300 ms), with the time since start. */
  private static ScheduledExecutorService liveTable(Sandbox sandbox, PrintStream out) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandbox-table");
      t.setDaemon(true);
      return t;
    });
    String[] last = {""};
    boolean[] announced = {false};
    executor.scheduleWithFixedDelay(() -> {
      try {
        List<StudyGroup> groups = sandbox.groups();
        String text = GroupTable.render(groups);
        if (!text.equals(last[0])) {
          last[0] = text;
          out.printf(Locale.ROOT, "%n[+%.1fs]%n%s", sandbox.sinceStart().toMillis() / 1000.0, text);
        }
        boolean allReady = sandbox.notReady().isEmpty();
        if (allReady && !announced[0]) {
          out.printf(Locale.ROOT, "sandbox: all examples Ready after %.1f s%n", sandbox.sinceStart().toMillis() / 1000.0);
        }
        announced[0] = allReady;
      } catch (RuntimeException e) {
        if (!sandbox.isClosed()) {
          out.println("sandbox: cannot list StudyGroups: " + e.getMessage());
        }
      }
    }, 0, 300, TimeUnit.MILLISECONDS);
    return executor;
  }

  static String tryNext(Sandbox sandbox) {
    String k = "kubectl --kubeconfig " + relative(sandbox.kubeconfig());
    String quinn = Sandbox.NEWCOMERS.get("quinn");
    return String.join("\n",
        "",
        "Try, from another terminal (recipes in docs/patch-recipes.md; Ctrl-C here stops everything):",
        "  " + k + " get studygroups -A",
        "  " + k + " get sg cohort7-group8 -o yaml",
        "  " + k + " wait --for=condition=Ready sg --all --timeout=60s",
        "  # add quinn to group 8, only if the last member is still priya (a concurrent edit makes the test fail)",
        "  " + k + " patch sg cohort7-group8 --type=json -p '[{\"op\":\"test\",\"path\":\"/spec/members/4/id\","
            + "\"value\":\"priya\"},{\"op\":\"add\",\"path\":\"/spec/members/-\",\"value\":{\"id\":\"quinn\","
            + "\"discordUserId\":\"" + quinn + "\"}}]'",
        "  # move meeting 5 of group 3 to Thursday",
        "  " + k + " patch sg cohort7-group3 --type=merge -p '{\"spec\":{\"schedule\":{\"overrides\":[{\"number\":5,"
            + "\"start\":\"2027-04-01T19:00\",\"duration\":\"2h\"}]}}}'",
        "  # an invalid change is refused with the field named (422)",
        "  " + k + " patch sg cohort7-group3 --type=merge -p '{\"spec\":{\"schedule\":{\"count\":0}}}'",
        "  # delete a group: its overwrites go and its events are cancelled (deletionPolicy Delete)",
        "  " + k + " delete sg cohort7-group5",
        "  # move a member between groups with the plugin (PATH=$PWD/bin:$PATH; docs/patch-recipes.md)",
        "  KUBECONFIG=" + relative(sandbox.kubeconfig()) + " PATH=$PWD/bin:$PATH kubectl studygroup move chen"
            + " --from cohort7-group3 --to cohort7-group5",
        "  # bring your own group: write one with new channel, member and calendar ids and apply it (README)",
        "Not served by the mock API server: server-side apply, --subresource=status, dry runs, explain"
            + " (README, Limits).");
  }

  private static String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = p.toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  /** Logs go to a file so that the terminal shows the table; the mock server's JUL logging is quietened. */
  private static void quietLogging(Path log) throws IOException {
    System.setProperty("sandbox.log", log.toString());
    System.setProperty("logback.configurationFile", "sandbox/logback.xml");
    try (InputStream jul = Sandbox.class.getClassLoader().getResourceAsStream("logging.properties")) {
      if (jul != null) {
        java.util.logging.LogManager.getLogManager().readConfiguration(jul);
      }
    }
  }
}
