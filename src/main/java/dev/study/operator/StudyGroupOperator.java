package dev.study.operator;

import dev.study.operator.config.ConfigException;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.reconcile.Allowlist;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.reconcile.DiscordFeeds;
import dev.study.operator.reconcile.KubernetesEventWriter;
import dev.study.operator.reconcile.Redactor;
import dev.study.operator.reconcile.RemovalGuard;
import dev.study.operator.reconcile.SpecOrRequestChanged;
import dev.study.operator.reconcile.SpecValidator;
import dev.study.operator.reconcile.SyncMetrics;
import dev.study.operator.reconcile.StudyGroupReconciler;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import dev.study.operator.metrics.LeaderGauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
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
    // A probe without fabric8's default ten retries, so a missing cluster is reported at once.
    try (KubernetesClient probe = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build()) {
      String version = probe.getKubernetesVersion().getGitVersion();
      LOG.info("connected to Kubernetes {} at {}", version, client.getMasterUrl());
    } catch (KubernetesClientException e) {
      System.err.println("studygroup-operator: no Kubernetes API reachable at " + client.getMasterUrl()
          + " (from KUBECONFIG, ~/.kube/config or the in-cluster service account): " + rootCause(e));
      client.close();
      System.exit(3);
      return;
    }
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindJvmMetrics(registry);
    OperatorHealth health = new OperatorHealth();
    OperatorSystems systems = SystemsFactory.fromConfig(config, Clock.systemUTC(), registry, health);
    StudyGroupOperator running = start(client, config, systems, Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(), registry);
    try {
      HttpEndpoints http = HttpEndpoints.start(config.httpPort(), registry, running::healthy, health::report);
      running.resources.add(http);
      LOG.info("health and metrics on port {}", http.port());
    } catch (java.io.IOException e) {
      System.err.println("studygroup-operator: cannot serve health and metrics on HTTP_PORT " + config.httpPort()
          + ": " + e.getMessage());
      running.close();
      System.exit(4);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
  }

  /** Registers the reconciler with the given systems and starts watching. */
  public static StudyGroupOperator start(KubernetesClient client, OperatorConfig config, OperatorSystems systems,
      Clock clock, DoubleSupplier random, MeterRegistry registry) {
    var reconciler = new StudyGroupReconciler(
        systems.syncs(),
        new SpecValidator(new Allowlist(config.allowedGuilds(), config.allowedCalendars(),
            config.allowedDiscordCategories())),
        new BackoffPolicy(config.backoffBase(), config.backoffCap(), random),
        config.resyncInterval(),
        clock,
        new Redactor(config.secretValues()),
        new KubernetesEventWriter(client, clock),
        new SyncMetrics(registry),
        new DiscordFeeds(systems.channelLocator(), systems.channelChanges(), systems.memberJoins(),
            systems.overwriteDrift()),
        new RemovalGuard(config.removalHoldThreshold(), config.removalHoldExemptUpTo()));
    LeaderGauge leader = new LeaderGauge(registry);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // The mock API server used in tests has no server-side apply; production runs the same path.
          .withUseSSAToPatchPrimaryResource(false)
          .withConcurrentReconciliationThreads(config.reconcileThreads())
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (config.leaderElection()) {
        // JOSDK runs these after its own (starting the controllers; exiting when leadership is lost)
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(config.leaseName())
            .withLeaseNamespace(config.leaseNamespace())
            .withLeaseDuration(config.leaseDuration())
            .withRenewDeadline(config.leaseRenewDeadline())
            .withRetryPeriod(config.leaseRetryPeriod())
            .withLeaderCallbacks(new LeaderCallbacks(leader::startedLeading, leader::stoppedLeading, identity -> {}))
            .build());
      }
    });
    operator.register(reconciler, c -> {
      if (config.watchNamespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.watchNamespaces());
      }
      // a shard: the informer lists and watches only the groups the API server finds matching, so this operator's
      // cache, its indexes and its reconciles hold those alone (docs/install.md, "Shards")
      config.watchLabelSelector().ifPresent(selector -> c.withLabelSelector(selector.text()));
      c.withReconciliationMaxInterval(config.resyncInterval());
      // status writes alone never reconcile; a spec change, the finalizer, deletion and the two request
      // annotations do (JOSDK's generation filter would drop annotation-only changes)
      c.withGenerationAware(false);
      c.withOnUpdateFilter(new SpecOrRequestChanged());
    });
    operator.start();
    if (!config.leaderElection()) {
      leader.startedLeading();
    }
    LOG.info("watching StudyGroups in {}{}{} with systems {}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        config.watchLabelSelector().map(selector -> " matching " + selector).orElse(""),
        config.shard().map(shard -> " as shard " + shard + (config.leaderElection() ? " (Lease " + config.leaseName()
            + ")" : "")).orElse(""),
        systems.syncs().stream().map(s -> s.kind().conditionType()).toList());
    return new StudyGroupOperator(operator, systems.resources());
  }

  /** JVM and process metrics from Micrometer's own binders: memory, GC, threads, classes, CPU and uptime. */
  static void bindJvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Ready while every informer and event source is synced and healthy. */
  public boolean healthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
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
