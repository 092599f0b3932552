package dev.study.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.study.operator.OperatorSystems;
import dev.study.operator.StudyGroupOperator;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.sync.SystemSync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The operator in-process against fabric8's mock API server, with the systems a test gives it and a clock the
 * test moves. Tests read as scenarios: apply a StudyGroup, await its conditions.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);
  private final MockKubernetes kubernetes;
  private final StudyGroupOperator operator;
  private final MutableClock clock;

  private final PrometheusMeterRegistry registry;

  private OperatorHarness(MockKubernetes kubernetes, StudyGroupOperator operator, MutableClock clock,
      PrometheusMeterRegistry registry) {
    this.kubernetes = kubernetes;
    this.operator = operator;
    this.clock = clock;
    this.registry = registry;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public StudyGroupOperator operator() {
    return operator;
  }

  /** Default test settings: every guild and calendar allowed, a short resync, backoff 200ms..5s, jitter fixed at 0.5. */
  public static Map<String, String> defaultEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("ALLOWED_DISCORD_GUILDS", "*");
    env.put("ALLOWED_CALENDARS", "*");
    env.put("RESYNC_INTERVAL", "1s");
    env.put("BACKOFF_BASE", "1s");
    env.put("BACKOFF_CAP", "60s");
    return env;
  }

  public static OperatorHarness start(List<SystemSync<?, ?>> systems, MutableClock clock) {
    return start(systems, clock, defaultEnv());
  }

  public static OperatorHarness start(List<SystemSync<?, ?>> systems, MutableClock clock, Map<String, String> env) {
    return start(OperatorSystems.of(systems), clock, env);
  }

  /** Starts the operator with the given wiring (systems, change feeds, resources to close). */
  public static OperatorHarness start(OperatorSystems systems, MutableClock clock, Map<String, String> env) {
    MockKubernetes kubernetes = MockKubernetes.start();
    OperatorConfig config = OperatorConfig.load(env);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StudyGroupOperator operator = StudyGroupOperator.start(kubernetes.client(), config, systems, clock, () -> 0.5,
        registry);
    return new OperatorHarness(kubernetes, operator, clock, registry);
  }

  /** The mock API server, for its one-shot faults and request counts. */
  public MockKubernetes kubernetes() {
    return kubernetes;
  }

  public KubernetesClient client() {
    return kubernetes.client();
  }

  public MutableClock clock() {
    return clock;
  }

  public StudyGroup create(StudyGroup group) {
    return client().resource(group).create();
  }

  public StudyGroup get(String namespace, String name) {
    return client().resources(StudyGroup.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Reads the group, changes it and writes it back guarded by the resourceVersion read, as the web app does; a
   * 409 (the operator wrote status in between) reads again and redoes the change, as patch-recipes.md says.
   */
  public StudyGroup edit(String namespace, String name, java.util.function.UnaryOperator<StudyGroup> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client().resources(StudyGroup.class).inNamespace(namespace).withName(name).edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  public void delete(String namespace, String name) {
    client().resources(StudyGroup.class).inNamespace(namespace).withName(name).delete();
  }

  /** Waits until the group's status satisfies the predicate, and returns the group as it then was. */
  public StudyGroup awaitGroup(String namespace, String name, Predicate<StudyGroup> condition) {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
        .until(() -> get(namespace, name), g -> g != null && g.getStatus() != null && condition.test(g));
  }

  public static Optional<Condition> condition(StudyGroup group, String type) {
    if (group.getStatus() == null) {
      return Optional.empty();
    }
    return group.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** True when the condition has the status and reason for the group's current generation. */
  public static Predicate<StudyGroup> hasCondition(String type, String status, String reason) {
    return g -> condition(g, type)
        .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .filter(c -> c.getObservedGeneration() != null && c.getObservedGeneration().equals(g.getMetadata().getGeneration()))
        .isPresent();
  }

  @Override
  public void close() {
    operator.close();
    kubernetes.close();
  }
}
