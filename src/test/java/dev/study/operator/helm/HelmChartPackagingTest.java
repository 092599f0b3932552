package dev.study.operator.helm;

import static dev.study.operator.helm.HelmCharts.CHART;
import static dev.study.operator.helm.HelmCharts.CRD;
import static dev.study.operator.helm.HelmCharts.JSON;
import static dev.study.operator.helm.HelmCharts.RENDERABLE;
import static dev.study.operator.helm.HelmCharts.all;
import static dev.study.operator.helm.HelmCharts.kind;
import static dev.study.operator.helm.HelmCharts.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart as a package: lint, the Kubernetes floor, the CRD it ships, and the values schema. Rendered with the
 * real Helm library (helm-java), see {@link HelmCharts}.
 */
class HelmChartPackagingTest {
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

  @Test
  void theOldServiceMonitorBooleanStillWorks() {
    assertThat(kind(render(Map.of("metrics.serviceMonitor", true)), "ServiceMonitor")).hasSize(1);
    assertThat(kind(render(Map.of("metrics.serviceMonitor", false)), "ServiceMonitor")).isEmpty();
  }
}
