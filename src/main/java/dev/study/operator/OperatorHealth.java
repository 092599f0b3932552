package dev.study.operator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What /healthz reports, from named checks of two kinds: liveness checks, whose failure means a restart would
 * help (the reminder dispatcher stopped making progress), and degraded systems, which recover by themselves and
 * would not be helped by a restart (PostgreSQL away, the Discord gateway reconnecting).
 */
public final class OperatorHealth {
  private final Map<String, Supplier<Optional<String>>> liveness = new LinkedHashMap<>();
  private final Map<String, Supplier<Optional<String>>> degraded = new LinkedHashMap<>();

  /** A check that fails /healthz when it returns a problem. */
  public synchronized OperatorHealth liveness(String name, Supplier<Optional<String>> problem) {
    liveness.put(name, problem);
    return this;
  }

  /** A system listed as degraded in /healthz's body when it returns a problem; /healthz stays 200. */
  public synchronized OperatorHealth degraded(String name, Supplier<Optional<String>> problem) {
    degraded.put(name, problem);
    return this;
  }

  public synchronized Report report() {
    return new Report(evaluate(liveness), evaluate(degraded));
  }

  private static Map<String, String> evaluate(Map<String, Supplier<Optional<String>>> checks) {
    Map<String, String> problems = new LinkedHashMap<>();
    checks.forEach((name, check) -> check.get().ifPresent(p -> problems.put(name, p)));
    return problems;
  }

  /** The checks that failed, by name. */
  public record Report(Map<String, String> failing, Map<String, String> degraded) {
    public boolean live() {
      return failing.isEmpty();
    }

    /** One line per problem, for the probe's body and a person with curl. */
    public String text() {
      StringBuilder out = new StringBuilder(live() ? "ok\n" : "failing\n");
      failing.forEach((name, p) -> out.append("failing ").append(name).append(": ").append(p).append('\n'));
      degraded.forEach((name, p) -> out.append("degraded ").append(name).append(": ").append(p).append('\n'));
      return out.toString();
    }
  }
}
