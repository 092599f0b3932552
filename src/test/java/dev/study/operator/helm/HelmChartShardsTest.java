package dev.study.operator.helm;

import static dev.study.operator.helm.HelmCharts.LEASE_RULES;
import static dev.study.operator.helm.HelmCharts.all;
import static dev.study.operator.helm.HelmCharts.render;
import static dev.study.operator.helm.HelmCharts.role;
import static dev.study.operator.helm.HelmCharts.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.study.operator.config.LabelSelector;
import dev.study.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * `shards`: one Deployment, Lease and label selector per shard, with the unsharded install left as it was.
 * Rendered with the real Helm library (helm-java), see {@link HelmCharts}.
 */
class HelmChartShardsTest {
  private static final String MAIN = "sg-studygroup-operator";

  private static Map<String, Object> twoShards() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("shards[0].name", "shard1");
    values.put("shards[1].name", "shard2");
    return values;
  }

  private static Map<String, Deployment> deployments(List<HasMetadata> objects) {
    return all(objects, Deployment.class).stream().collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d,
        (a, b) -> { throw new AssertionError("two Deployments named " + a.getMetadata().getName()); },
        LinkedHashMap::new));
  }

  private static Map<String, String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Map<String, String> podLabels(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** matchLabels and the Exists / DoesNotExist expressions, which is all the chart writes. */
  private static boolean selects(PodDisruptionBudget pdb, Map<String, String> labels) {
    var selector = pdb.getSpec().getSelector();
    boolean byLabels = selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
        : selector.getMatchExpressions();
    return byLabels && expressions.stream().allMatch(r -> switch (r.getOperator()) {
      case "DoesNotExist" -> !labels.containsKey(r.getKey());
      case "Exists" -> labels.containsKey(r.getKey());
      default -> throw new AssertionError("unexpected operator " + r.getOperator());
    });
  }

  /** Lint reads only the chart's own values.yaml, so a copy of the chart gets shards (and the alerts) there. */
  @Test
  void lintsCleanWithShards() throws Exception {
    Path copy = Files.createTempDirectory("chart").resolve("studygroup-operator");
    try (var files = Files.walk(HelmCharts.CHART)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(HelmCharts.CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path values = copy.resolve("values.yaml");
    String original = Files.readString(values);
    String sharded = original.replace("\nshards: []\n", "\nshards: [{name: shard1}, {name: shard2, replicas: 1}]\n")
        .replace("  prometheusRule:\n    enabled: false", "  prometheusRule:\n    enabled: true");
    assertThat(sharded).isNotEqualTo(original).contains("{name: shard1}").contains("prometheusRule:\n    enabled: true");
    Files.writeString(values, sharded);
    var result = new Helm(copy).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void anUnshardedInstallIsOneOperatorWatchingEveryGroup() {
    List<HasMetadata> objects = render(Map.of());
    Map<String, Deployment> deployments = deployments(objects);
    assertThat(deployments).containsOnlyKeys(MAIN);
    Deployment main = deployments.get(MAIN);
    assertThat(env(main)).doesNotContainKeys("WATCH_LABEL_SELECTOR", "SHARD_NAME")
        .containsEntry("LEADER_ELECTION_LEASE", "studygroup-operator");
    assertThat(main.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name",
        "app.kubernetes.io/instance");
    assertThat(podLabels(main)).doesNotContainKey("study.dev/shard");
    assertThat(all(objects, PodDisruptionBudget.class)).singleElement()
        .satisfies(pdb -> assertThat(pdb.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty());
    assertThat(rules(role(objects, MAIN + "-leader-election", "operators").getRules()))
        .containsExactlyElementsOf(LEASE_RULES);
  }

  @Test
  void installsOneDeploymentPerShardEachWithItsSelectorAndLeaseAndTheDefaultShardTakesTheRest() {
    Map<String, Deployment> deployments = deployments(render(twoShards()));
    assertThat(deployments).containsOnlyKeys(MAIN, MAIN + "-shard1", MAIN + "-shard2");

    Deployment main = deployments.get(MAIN);
    assertThat(env(main)).containsEntry("WATCH_LABEL_SELECTOR", "!sharding.study.dev/key")
        .containsEntry("LEADER_ELECTION_LEASE", "studygroup-operator").doesNotContainKey("SHARD_NAME");
    // a Deployment's selector is immutable: the default shard keeps the unsharded one, so an upgrade can apply it
    assertThat(main.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name",
        "app.kubernetes.io/instance");
    assertThat(main.getSpec().getReplicas()).isEqualTo(2);

    for (String shard : List.of("shard1", "shard2")) {
      Deployment d = deployments.get(MAIN + "-" + shard);
      assertThat(env(d)).as(shard).containsEntry("WATCH_LABEL_SELECTOR", "sharding.study.dev/key=" + shard)
          .containsEntry("SHARD_NAME", shard).containsEntry("LEADER_ELECTION", "true")
          .containsEntry("LEADER_ELECTION_LEASE", "studygroup-operator-" + shard);
      assertThat(d.getSpec().getSelector().getMatchLabels()).as(shard).containsEntry("study.dev/shard", shard)
          .containsEntry("app.kubernetes.io/instance", "sg");
      assertThat(podLabels(d)).as(shard).containsEntry("study.dev/shard", shard);
      assertThat(d.getMetadata().getLabels()).as(shard).containsEntry("study.dev/shard", shard);
      assertThat(d.getSpec().getReplicas()).as(shard).isEqualTo(2);
      // the same image, settings and secrets as the default shard: only the shard's own settings differ
      Map<String, String> differences = new HashMap<>(env(d));
      differences.entrySet().removeAll(env(main).entrySet());
      assertThat(differences).as(shard).containsOnlyKeys("WATCH_LABEL_SELECTOR", "SHARD_NAME", "LEADER_ELECTION_LEASE");
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(main.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }
  }

  @Test
  void theLeaseRuleNamesEveryShardsLease() {
    List<HasMetadata> objects = render(twoShards());
    assertThat(rules(role(objects, MAIN + "-leader-election", "operators").getRules())).containsExactly(
        "coordination.k8s.io leases [] create",
        "coordination.k8s.io leases [studygroup-operator, studygroup-operator-shard1, studygroup-operator-shard2]"
            + " get,update,patch");
    assertThat(all(render(Map.of("shards[0].name", "shard1", "leaderElectionLease", "sgo")), Deployment.class))
        .extracting(d -> env(d).get("LEADER_ELECTION_LEASE")).containsExactly("sgo", "sgo-shard1");
  }

  @Test
  void aShardMayNameItsOwnSelectorAndReplicas() {
    Map<String, Object> values = twoShards();
    values.put("shards[1].labelSelector", "sharding.study.dev/key in (shard2, shard3)");
    values.put("shards[1].replicas", 1);
    values.put("shardKey", "example.org/shard");
    Map<String, Deployment> deployments = deployments(render(values));
    assertThat(env(deployments.get(MAIN))).containsEntry("WATCH_LABEL_SELECTOR", "!example.org/shard");
    assertThat(env(deployments.get(MAIN + "-shard1"))).containsEntry("WATCH_LABEL_SELECTOR", "example.org/shard=shard1");
    Deployment shard2 = deployments.get(MAIN + "-shard2");
    assertThat(env(shard2)).containsEntry("WATCH_LABEL_SELECTOR", "sharding.study.dev/key in (shard2, shard3)");
    assertThat(shard2.getSpec().getReplicas()).isEqualTo(1);
  }

  /** Disjoint categories per shard keep any one channel from being managed by two shards (docs/install.md). */
  @Test
  void aShardMayHaveDiscordCategoriesOfItsOwn() {
    Map<String, Object> values = twoShards();
    values.put("allowedDiscordCategories[0]", 400000000000000001L);
    values.put("shards[0].allowedDiscordCategories[0]", 400000000000000002L);
    values.put("shards[0].allowedDiscordCategories[1]", "400000000000000003");
    Map<String, Deployment> deployments = deployments(render(values));
    // 18-digit ids keep every digit, given as numbers or as strings
    assertThat(env(deployments.get(MAIN))).containsEntry("ALLOWED_DISCORD_CATEGORIES", "400000000000000001");
    assertThat(env(deployments.get(MAIN + "-shard1")))
        .containsEntry("ALLOWED_DISCORD_CATEGORIES", "400000000000000002,400000000000000003");
    assertThat(env(deployments.get(MAIN + "-shard2"))).containsEntry("ALLOWED_DISCORD_CATEGORIES", "400000000000000001");
    assertThatThrownBy(() -> render(Map.of("shards[0].name", "shard1", "shards[0].allowedDiscordCategories[0]",
        "study-groups"))).hasMessageContaining("allowedDiscordCategories");
  }

  @Test
  void everyPodFallsUnderExactlyOneDisruptionBudget() {
    Map<String, Object> values = twoShards();
    values.put("shards[1].replicas", 1);
    List<HasMetadata> objects = render(values);
    List<PodDisruptionBudget> budgets = all(objects, PodDisruptionBudget.class);
    // none for the single-replica shard2, which must never block a node drain
    assertThat(budgets).extracting(p -> p.getMetadata().getName()).containsExactly(MAIN, MAIN + "-shard1");
    for (Deployment d : deployments(objects).values()) {
      long covering = budgets.stream().filter(pdb -> selects(pdb, podLabels(d))).count();
      assertThat(covering).as("budgets over the pods of " + d.getMetadata().getName())
          .isEqualTo(d.getSpec().getReplicas() > 1 ? 1 : 0);
    }
  }

  @Test
  void oneReleasePerShardSetsItsSelectorAndLeaseDirectly() {
    Map<String, Deployment> deployments = deployments(render(Map.of(
        "watchLabelSelector", "sharding.study.dev/key=shard9", "leaderElectionLease", "studygroup-operator-shard9")));
    assertThat(deployments).containsOnlyKeys(MAIN);
    assertThat(env(deployments.get(MAIN))).containsEntry("WATCH_LABEL_SELECTOR", "sharding.study.dev/key=shard9")
        .containsEntry("LEADER_ELECTION_LEASE", "studygroup-operator-shard9");
  }

  /** What the chart writes is what the operator reads: each Deployment's environment loads as its shard. */
  @Test
  void everyDeploymentsEnvironmentLoadsAsItsShard() {
    Map<String, Object> values = twoShards();
    values.put("shards[1].labelSelector", "sharding.study.dev/key in (shard2, shard3)");
    Map<String, OperatorConfig> configs = new LinkedHashMap<>();
    for (Deployment d : deployments(render(values)).values()) {
      Map<String, String> env = new HashMap<>(env(d));
      env.put("POD_NAMESPACE", "operators");
      configs.put(d.getMetadata().getName(), OperatorConfig.load(env));
    }
    assertThat(configs.values()).extracting(OperatorConfig::leaseName)
        .containsExactly("studygroup-operator", "studygroup-operator-shard1", "studygroup-operator-shard2");
    assertThat(configs.values()).extracting(c -> c.watchLabelSelector().map(LabelSelector::text).orElse(null))
        .containsExactly("!sharding.study.dev/key", "sharding.study.dev/key=shard1",
            "sharding.study.dev/key in (shard2, shard3)");
    assertThat(configs.values()).extracting(c -> c.shard().orElse(null)).containsExactly(null, "shard1", "shard2");
  }

  /** Without shards the one Lease's alert is unchanged; with them, a shard without a leader fires it on its own. */
  @Test
  void alertsWhenAnyShardHasNoLeader() {
    String unsharded = noLeaderExpression(Map.of("metrics.prometheusRule.enabled", true));
    assertThat(unsharded).isEqualTo("(sum(studygroup_leader{namespace=\"operators\"}) or vector(0)) < 1");
    Map<String, Object> values = twoShards();
    values.put("metrics.prometheusRule.enabled", true);
    assertThat(noLeaderExpression(values)).contains("sum by (deployment) (label_replace(studygroup_leader"
        + "{namespace=\"operators\"}, \"deployment\", \"$1\", \"pod\"").endsWith("or (" + unsharded + ")");
  }

  private static String noLeaderExpression(Map<String, Object> values) {
    var rule = HelmCharts.kind(render(values), "PrometheusRule").get(0);
    List<Map<String, Object>> alerts = rule.get("spec", "groups", 0, "rules");
    return alerts.stream().filter(a -> "StudyGroupOperatorNoLeader".equals(a.get("alert")))
        .map(a -> (String) a.get("expr")).findFirst().orElseThrow();
  }

  @Test
  void refusesAShardItCannotInstall() {
    assertThatThrownBy(() -> render(Map.of("shards[0].name", "Shard_1"))).hasMessageContaining("shards");
    assertThatThrownBy(() -> render(Map.of("shards[0].nmae", "shard1"))).hasMessageContaining("nmae");
    assertThatThrownBy(() -> render(Map.of("shards[0].name", "shard1", "shards[1].name", "shard1")))
        .hasMessageContaining("shards: shard1 is listed twice");
    assertThatThrownBy(() -> render(Map.of("shardKey", "not a label key"))).hasMessageContaining("shardKey");
    assertThatThrownBy(() -> render(Map.of("leaderElection", false, "replicas", 1, "shards[0].name", "shard1",
        "shards[0].replicas", 2))).hasMessageContaining("replicas > 1 needs leaderElection: true");
  }
}
