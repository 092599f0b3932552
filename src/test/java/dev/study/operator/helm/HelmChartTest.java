package dev.study.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Renders the chart with the real Helm library (helm-java) and checks what it would install. */
class HelmChartTest {
  private static final Path CHART = Path.of("helm/studygroup-operator");
  private static final Path CRD = Path.of("crds/studygroups.study.dev-v1.yml");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The operator's rules, in the order the chart writes them; see templates/rbac.yaml for each verb's reason. */
  private static final List<String> OPERATOR_RULES = List.of(
      "study.dev studygroups [] get,list,watch,patch",
      "study.dev studygroups/status [] patch",
      " events [] create");
  private static final List<String> LEASE_RULES = List.of(
      "coordination.k8s.io leases [] create",
      "coordination.k8s.io leases [studygroup-operator] get,update,patch");

  /**
   * helm-java 0.0.15 renders for Kubernetes v1.20.0 and has no --kube-version, so the chart's kubeVersion floor
   * would refuse every render ({@link #refusesKubernetesOlderThan128}). The other tests render a copy whose
   * Chart.yaml differs only by that line.
   */
  private static final Path RENDERABLE = renderableCopy();

  private static Path renderableCopy() {
    try {
      Path copy = Files.createTempDirectory("chart").resolve("studygroup-operator");
      try (var files = Files.walk(CHART)) {
        for (Path p : files.toList()) {
          Path target = copy.resolve(CHART.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        }
      }
      Path chartYaml = copy.resolve("Chart.yaml");
      Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\\n", ""));
      return copy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> render(Map<String, Object> values) {
    var template = new Helm(RENDERABLE).template().withName("sg").withNamespace("operators");
    values.forEach(template::set);
    String yaml = template.call();
    return Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<GenericKubernetesResource> kind(List<HasMetadata> objects, String kind) {
    return all(objects, GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return all(objects, Deployment.class).get(0);
  }

  private static PodSpec pod(List<HasMetadata> objects) {
    return deployment(objects).getSpec().getTemplate().getSpec();
  }

  private static Map<String, String> env(List<HasMetadata> objects) {
    return pod(objects).getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static String rule(PolicyRule r) {
    return String.join(",", r.getApiGroups()) + " " + String.join(",", r.getResources()) + " "
        + r.getResourceNames() + " " + String.join(",", r.getVerbs());
  }

  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream().map(HelmChartTest::rule).toList();
  }

  private static Role role(List<HasMetadata> objects, String name, String namespace) {
    return all(objects, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name) && namespace.equals(r.getMetadata().getNamespace()))
        .findFirst().orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + name));
  }

  private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
    return all(objects, ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  @Test
  void lintsClean() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void refusesKubernetesOlderThan128() throws Exception {
    assertThat(Files.readString(CHART.resolve("Chart.yaml"))).contains("kubeVersion: \">=1.28.0-0\"");
    assertThat(Files.readString(RENDERABLE.resolve("Chart.yaml"))).doesNotContain("kubeVersion");
    // the CEL rules' reason and fieldPath need 1.28; Helm refuses the chart on an older cluster
    assertThatThrownBy(() -> new Helm(CHART).template().withName("sg").call())
        .hasMessageContaining("chart requires kubeVersion: >=1.28.0-0 which is incompatible with Kubernetes v1.20.0");
  }

  @Test
  void shipsTheSameCrdFileAsCrdsDirectory() throws Exception {
    assertThat(Files.readString(CHART.resolve("files/studygroups.study.dev-v1.yml"))).isEqualTo(Files.readString(CRD));
    assertThat(CHART.resolve("crds")).as("a crds/ directory would be installed besides the template").doesNotExist();
  }

  @Test
  void rendersTheCrdOfCrdsDirectoryKeptOnUninstall() throws Exception {
    CustomResourceDefinition rendered = all(render(Map.of()), CustomResourceDefinition.class).get(0);
    CustomResourceDefinition committed = Serialization.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
    JsonNode renderedSpec = JSON.valueToTree(rendered.getSpec());
    JsonNode committedSpec = JSON.valueToTree(committed.getSpec());
    assertThat(renderedSpec).isEqualTo(committedSpec);
    assertThat(rendered.getMetadata().getName()).isEqualTo("studygroups.study.dev");
    assertThat(rendered.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(rendered.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(rendered.getSpec().getNames().getCategories()).containsExactly("study");

    CustomResourceDefinition notKept = all(render(Map.of("crds.keep", false)), CustomResourceDefinition.class).get(0);
    assertThat(notKept.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(all(render(Map.of("crds.enabled", false)), CustomResourceDefinition.class)).isEmpty();
  }

  @Test
  void podRunsRestrictedWithoutAFixedUid() {
    PodSpec pod = pod(render(Map.of()));
    var podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    // OpenShift's restricted-v2 assigns a UID from the namespace's range; a fixed one would be refused.
    assertThat(podContext.getRunAsUser()).isNull();
    assertThat(podContext.getRunAsGroup()).isNull();
    assertThat(podContext.getFsGroup()).isNull();
    var container = pod.getContainers().get(0).getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getRunAsUser()).isNull();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNull();
  }

  @Test
  void securityContextsAreConfigurable() {
    PodSpec pod = pod(render(Map.of("podSecurityContext.runAsUser", 10001, "podSecurityContext.fsGroup", 10001,
        "containerSecurityContext.readOnlyRootFilesystem", true)));
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void defaultsProbeStartupThenLivenessAndReadiness() {
    List<HasMetadata> objects = render(Map.of());
    var container = pod(objects).getContainers().get(0);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    // JOSDK's cacheSyncTimeout is 2 minutes: the startup probe must outlast it
    assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
        .isGreaterThan(120);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getImage()).isEqualTo("ghcr.io/study-dev/studygroup-operator:0.1.0");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    Map<String, String> env = env(objects);
    assertThat(env).containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LEADER_ELECTION_LEASE", "studygroup-operator")
        .containsEntry("LEADER_ELECTION_LEASE_DURATION", "15s").containsEntry("LEADER_ELECTION_RENEW_DEADLINE", "10s")
        .containsEntry("LEADER_ELECTION_RETRY_PERIOD", "2s")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp");
    assertThat(all(objects, PodDisruptionBudget.class)).singleElement()
        .satisfies(pdb -> assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
    assertThat(kind(objects, "ServiceMonitor")).isEmpty();
    assertThat(kind(objects, "PrometheusRule")).isEmpty();
  }

  @Test
  void leavesOutSystemsWithoutSecrets() {
    Map<String, String> env = env(render(Map.of()));
    assertThat(env).doesNotContainKeys("DISCORD_TOKEN_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "DATABASE_URL",
        "ALLOWED_DISCORD_CATEGORIES");
  }

  @Test
  void mountsSecretsAsFilesAndNeverAsValues() {
    List<HasMetadata> objects = render(Map.of(
        "discord.tokenSecret", "discord-bot",
        "calendar.credentialsSecret", "google-sa",
        "database.url", "postgres://db:5432/sg",
        "database.passwordSecret", "db-password"));
    Map<String, String> env = env(objects);
    assertThat(env).containsEntry("DISCORD_TOKEN_FILE", "/var/run/secrets/studygroup/discord/token")
        .containsEntry("GOOGLE_APPLICATION_CREDENTIALS", "/var/run/secrets/studygroup/google/credentials.json")
        .containsEntry("DATABASE_PASSWORD_FILE", "/var/run/secrets/studygroup/database/password")
        .containsEntry("DATABASE_URL", "postgres://db:5432/sg")
        .doesNotContainKeys("DISCORD_TOKEN", "DATABASE_PASSWORD");
    assertThat(pod(objects).getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("discord-bot", "google-sa", "db-password");
  }

  @Test
  void logsTextByDefaultAndJsonWhenAskedAndRefusesAnyOtherFormat() {
    assertThat(env(render(Map.of()))).containsEntry("LOG_FORMAT", "text");
    assertThat(env(render(Map.of("logFormat", "json")))).containsEntry("LOG_FORMAT", "json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> render(Map.of("logFormat", "xml")))
        .hasMessageContaining("logFormat");
  }

  @Test
  void passesTheRemovalHoldAndProtectedUsers() {
    Map<String, String> defaults = env(render(Map.of()));
    assertThat(defaults).containsEntry("REMOVAL_HOLD_THRESHOLD", "0.25").containsEntry("REMOVAL_HOLD_EXEMPT_UP_TO", "3")
        .doesNotContainKey("PROTECTED_DISCORD_USERS");
    Map<String, String> set = env(render(Map.of("removalHold.threshold", "0.5",
        "protectedDiscordUsers[0]", "500000000000000001")));
    assertThat(set).containsEntry("REMOVAL_HOLD_THRESHOLD", "0.5")
        .containsEntry("PROTECTED_DISCORD_USERS", "500000000000000001");
  }

  @Test
  void passesTheAllowedCategoriesOnlyWhenSet() {
    Map<String, String> env = env(render(Map.of("allowedDiscordCategories[0]", "400000000000000001",
        "allowedDiscordCategories[1]", "400000000000000002")));
    assertThat(env).containsEntry("ALLOWED_DISCORD_CATEGORIES", "400000000000000001,400000000000000002");
  }

  /** Namespace-scoped, existing secrets with their own key names, the URL from CNPG's Secret, every extension point. */
  @Test
  void rendersAFullCustomSet() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("watchNamespaces[0]", "course");
    values.put("watchNamespaces[1]", "cohort8");
    values.put("replicas", 3);
    values.put("image.digest", "sha256:" + "a".repeat(64));
    values.put("imagePullSecrets[0].name", "regcred");
    values.put("discord.tokenSecret", "bot");
    values.put("discord.tokenKey", "DISCORD_TOKEN");
    values.put("calendar.credentialsSecret", "google");
    values.put("calendar.credentialsKey", "key.json");
    values.put("calendar.impersonateUser", "calendar-bot@example.org");
    values.put("database.urlSecret.name", "pg-app");
    values.put("database.urlSecret.key", "uri");
    values.put("database.passwordSecret", "pg-app");
    values.put("database.passwordKey", "password");
    values.put("metrics.serviceMonitor.enabled", true);
    values.put("metrics.serviceMonitor.labels.release", "kube-prometheus-stack");
    values.put("metrics.prometheusRule.enabled", true);
    values.put("metrics.dashboard.enabled", true);
    values.put("podDisruptionBudget.maxUnavailable", 1);
    values.put("extraEnv[0].name", "HTTPS_PROXY");
    values.put("extraEnv[0].value", "http://proxy:3128");
    values.put("extraVolumes[0].name", "ca");
    values.put("extraVolumes[0].configMap.name", "corporate-ca");
    values.put("extraVolumeMounts[0].name", "ca");
    values.put("extraVolumeMounts[0].mountPath", "/etc/ssl/corporate");
    values.put("podLabels.example\\.org/team", "studygroups");
    values.put("priorityClassName", "system-cluster-critical");
    values.put("topologySpreadConstraints[0].maxSkew", 1);
    values.put("topologySpreadConstraints[0].topologyKey", "kubernetes.io/hostname");
    values.put("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway");
    values.put("serviceAccount.annotations.iam\\.gke\\.io/gcp-service-account", "sgo@proj.iam.gserviceaccount.com");
    List<HasMetadata> objects = render(values);

    PodSpec pod = pod(objects);
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/study-dev/studygroup-operator@sha256:" + "a".repeat(64));
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(deployment(objects).getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("example.org/team", "studygroups")
        .containsEntry("app.kubernetes.io/name", "studygroup-operator");
    assertThat(deployment(objects).getSpec().getSelector().getMatchLabels()).doesNotContainKey("example.org/team");

    Map<String, String> env = env(objects);
    assertThat(env).containsEntry("DISCORD_TOKEN_FILE", "/var/run/secrets/studygroup/discord/DISCORD_TOKEN")
        .containsEntry("GOOGLE_APPLICATION_CREDENTIALS", "/var/run/secrets/studygroup/google/key.json")
        .containsEntry("GOOGLE_IMPERSONATE_USER", "calendar-bot@example.org")
        .containsEntry("DATABASE_PASSWORD_FILE", "/var/run/secrets/studygroup/database/password")
        .containsEntry("WATCH_NAMESPACES", "course,cohort8")
        .containsEntry("HTTPS_PROXY", "http://proxy:3128");
    EnvVar url = container.getEnv().stream().filter(e -> e.getName().equals("DATABASE_URL")).findFirst().orElseThrow();
    assertThat(url.getValue()).isNull();
    assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-app");
    assertThat(url.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("uri");
    // each Secret volume projects only its one key
    assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName() + ":" + v.getSecret().getItems().get(0).getKey())
        .containsExactlyInAnyOrder("bot:DISCORD_TOKEN", "google:key.json", "pg-app:password");
    assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("ca"));
    assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/ssl/corporate"));

    var serviceAccount = objects.stream().filter(o -> "ServiceAccount".equals(o.getKind())).findFirst().orElseThrow();
    assertThat(serviceAccount.getMetadata().getAnnotations())
        .containsEntry("iam.gke.io/gcp-service-account", "sgo@proj.iam.gserviceaccount.com");

    assertThat(all(objects, PodDisruptionBudget.class)).singleElement()
        .satisfies(pdb -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
    GenericKubernetesResource monitor = kind(objects, "ServiceMonitor").get(0);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");

    GenericKubernetesResource rule = kind(objects, "PrometheusRule").get(0);
    List<Map<String, Object>> alerts = rule.get("spec", "groups", 0, "rules");
    assertThat(alerts).extracting(a -> a.get("alert")).containsExactly("StudyGroupStalled",
        "StudyGroupRemindersOverdue", "StudyGroupDiscordRateLimited", "StudyGroupCalendarQuotaNearLimit",
        "StudyGroupOperatorNoLeader");
    assertThat(alerts).allSatisfy(a -> assertThat((String) a.get("expr")).contains("namespace=\"operators\""));

    var dashboard = objects.stream().filter(o -> o.getMetadata().getName().equals("sg-studygroup-operator-dashboard"))
        .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast).findFirst().orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json = readJson(dashboard.getData().get("studygroup-operator.json"));
    assertThat(json.path("panels").findValuesAsText("expr")).allSatisfy(e -> assertThat(e).doesNotContain("name=\""));
  }

  private static JsonNode readJson(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("dashboard is not JSON", e);
    }
  }

  @Test
  void theOldServiceMonitorBooleanStillWorks() {
    assertThat(kind(render(Map.of("metrics.serviceMonitor", true)), "ServiceMonitor")).hasSize(1);
    assertThat(kind(render(Map.of("metrics.serviceMonitor", false)), "ServiceMonitor")).isEmpty();
  }

  @Test
  void skipsTheDisruptionBudgetForASingleReplica() {
    assertThat(all(render(Map.of("replicas", 1)), PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void grantsExactlyTheRulesTheOperatorUsesClusterWide() {
    List<HasMetadata> objects = render(Map.of());
    assertThat(rules(clusterRole(objects, "sg-studygroup-operator").getRules())).containsExactlyElementsOf(OPERATOR_RULES);
    var binding = all(objects, io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class).get(0);
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("sg-studygroup-operator");
      assertThat(s.getNamespace()).isEqualTo("operators");
    });
    assertThat(rules(role(objects, "sg-studygroup-operator-leader-election", "operators").getRules()))
        .containsExactlyElementsOf(LEASE_RULES);
    assertThat(all(objects, Role.class)).hasSize(1);
    assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("sg-studygroup-operator", "studygroups-view", "studygroups-edit");
  }

  @Test
  void grantsExactlyTheRulesTheOperatorUsesPerWatchedNamespace() {
    List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "course", "watchNamespaces[1]", "cohort8",
        "leaderElectionLease", "sgo-lease"));
    for (String ns : List.of("course", "cohort8")) {
      assertThat(rules(role(objects, "sg-studygroup-operator", ns).getRules())).containsExactlyElementsOf(OPERATOR_RULES);
    }
    assertThat(all(objects, RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace() + "/"
        + b.getRoleRef().getName()).containsExactlyInAnyOrder("course/sg-studygroup-operator",
        "cohort8/sg-studygroup-operator", "operators/sg-studygroup-operator-leader-election");
    assertThat(rules(role(objects, "sg-studygroup-operator-leader-election", "operators").getRules()))
        .containsExactly("coordination.k8s.io leases [] create", "coordination.k8s.io leases [sgo-lease] get,update,patch");
    assertThat(env(objects)).containsEntry("LEADER_ELECTION_LEASE", "sgo-lease");
    // only the people-facing roles are cluster-wide
    assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("studygroups-view", "studygroups-edit");
    assertThat(objects).noneMatch(o -> "ClusterRoleBinding".equals(o.getKind()));
  }

  @Test
  void aggregatesViewAndEditRolesForPeopleAndTheirTools() {
    List<HasMetadata> objects = render(Map.of());
    ClusterRole view = clusterRole(objects, "studygroups-view");
    assertThat(view.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(rules(view.getRules())).containsExactly("study.dev studygroups,studygroups/status [] get,list,watch");
    ClusterRole edit = clusterRole(objects, "studygroups-edit");
    assertThat(edit.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    // people edit spec; only the operator writes status
    assertThat(rules(edit.getRules())).containsExactly("study.dev studygroups [] create,update,patch,delete,deletecollection");

    assertThat(all(render(Map.of("rbac.aggregateClusterRoles", false)), ClusterRole.class))
        .extracting(r -> r.getMetadata().getName()).containsExactly("sg-studygroup-operator");
  }

  @Test
  void leavesOutTheLeaseRulesWithoutLeaderElection() {
    List<HasMetadata> objects = render(Map.of("leaderElection", false, "replicas", 1));
    assertThat(all(objects, Role.class)).isEmpty();
    assertThat(env(objects)).containsEntry("LEADER_ELECTION", "false").doesNotContainKey("LEADER_ELECTION_LEASE");
  }

  @Test
  void refusesSeveralReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> render(Map.of("leaderElection", false, "replicas", 2)))
        .hasMessageContaining("replicas > 1 needs leaderElection: true");
  }

  @Test
  void schemaRejectsABadValueAtInstall() {
    assertThatThrownBy(() -> render(Map.of("resyncInterval", "ten minutes")))
        .hasMessageContaining("values don't meet the specifications of the schema").hasMessageContaining("resyncInterval");
    assertThatThrownBy(() -> render(Map.of("replicas", "two"))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(Map.of("allowedDiscordGuilds[0]", "my-guild")))
        .hasMessageContaining("allowedDiscordGuilds");
    assertThatThrownBy(() -> render(Map.of("database.url", "mysql://db/sg"))).hasMessageContaining("database.url");
    // a misspelt key fails instead of being ignored
    assertThatThrownBy(() -> render(Map.of("discord.tokenSecrets", "bot"))).hasMessageContaining("tokenSecrets");
    assertThatThrownBy(() -> render(Map.of("metrics.serviceMonitor.enable", true))).hasMessageContaining("serviceMonitor");
  }
}
