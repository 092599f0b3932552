package dev.study.operator.helm;

import static dev.study.operator.helm.HelmCharts.all;
import static dev.study.operator.helm.HelmCharts.deployment;
import static dev.study.operator.helm.HelmCharts.env;
import static dev.study.operator.helm.HelmCharts.kind;
import static dev.study.operator.helm.HelmCharts.pod;
import static dev.study.operator.helm.HelmCharts.readJson;
import static dev.study.operator.helm.HelmCharts.render;
import static dev.study.operator.helm.HelmCharts.rule;
import static dev.study.operator.helm.HelmCharts.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every extension point and non-default value at once, and the monitoring objects they turn on. Rendered with the
 * real Helm library (helm-java), see {@link HelmCharts}.
 */
class HelmChartCustomValuesTest {
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
}
