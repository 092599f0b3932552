package dev.study.operator;

import dev.study.operator.config.ConfigException;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.reconcile.Allowlist;
import dev.study.operator.reconcile.BackoffPolicy;
import dev.study.operator.reconcile.KubernetesGroupEvents;
import dev.study.operator.reconcile.Redactor;
import dev.study.operator.reconcile.SpecValidator;
import dev.study.operator.reconcile.StudyGroupReconciler;
import dev.study.operator.reconcile.SystemSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: config, clients, the reconciler, and JOSDK. Also started in-process by tests and the sandbox. */
public final class StudyGroupOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StudyGroupOperator.class);
  private final Operator operator;
  private final List<AutoCloseable> resources;

  private StudyGroupOperator(Operator operator, List<AutoCloseable> resources) {
    this.operator = operator;
    this.resources = resources;
  }

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("studygroup-operator: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      String version = client.getKubernetesVersion().getGitVersion();
      LOG.info("connected to Kubernetes {} at {}", version, client.getMasterUrl());
    } catch (KubernetesClientException e) {
      System.err.println("studygroup-operator: no Kubernetes API reachable at " + client.getMasterUrl()
          + " (from KUBECONFIG, ~/.kube/config or the in-cluster service account): " + e.getMessage());
      System.exit(3);
      return;
    }
    SystemsFactory.Built built = SystemsFactory.fromConfig(config, Clock.systemUTC());
    StudyGroupOperator running = start(client, config, built.systems(), Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(), built.resources());
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
  }

  /** Registers the reconciler with the given systems and starts watching. */
  public static StudyGroupOperator start(KubernetesClient client, OperatorConfig config, List<SystemSync<?, ?>> systems,
      Clock clock, DoubleSupplier random, List<AutoCloseable> resources) {
    var reconciler = new StudyGroupReconciler(
        systems,
        new SpecValidator(new Allowlist(config.allowedGuilds(), config.allowedCalendars())),
        new BackoffPolicy(config.backoffBase(), config.backoffCap(), random),
        config.resyncInterval(),
        clock,
        new Redactor(config.secretValues()),
        new KubernetesGroupEvents(client, clock));
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // The mock API server used in tests has no server-side apply; production runs the same path.
          .withUseSSAToPatchPrimaryResource(false);
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(
            new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace()));
      }
    });
    operator.register(reconciler, c -> {
      if (config.watchNamespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.watchNamespaces());
      }
      c.withReconciliationMaxInterval(config.resyncInterval());
    });
    operator.start();
    LOG.info("watching StudyGroups in {} with systems {}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        systems.stream().map(s -> s.kind().conditionType()).toList());
    return new StudyGroupOperator(operator, resources);
  }

  @Override
  public void close() {
    operator.stop();
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

}
