package dev.study.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the chart with the real Helm library (helm-java), and reads what it would install; shared by the chart's
 * tests.
 */
final class HelmCharts {
  private HelmCharts() {}

  static final Path CHART = Path.of("helm/studygroup-operator");

  static final Path CRD = Path.of("crds/studygroups.study.dev-v1.yml");

  static final ObjectMapper JSON = new ObjectMapper();

  /** The operator's rules, in the order the chart writes them; see templates/rbac.yaml for each verb's reason. */
  static final List<String> OPERATOR_RULES = List.of(
      "study.dev studygroups [] get,list,watch,patch",
      "study.dev studygroups/status [] patch",
      " events [] create");

  static final List<String> LEASE_RULES = List.of(
      "coordination.k8s.io leases [] create",
      "coordination.k8s.io leases [studygroup-operator] get,update,patch");

  /**
   * helm-java 0.0.15 renders for Kubernetes v1.20.0 and has no --kube-version, so the chart's kubeVersion floor
   * would refuse every render ({@link HelmChartPackagingTest#refusesKubernetesOlderThan128}). The other tests render a copy whose
   * Chart.yaml differs only by that line.
   */
  static final Path RENDERABLE = renderableCopy();

  static Path renderableCopy() {
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

  static List<HasMetadata> render(Map<String, Object> values) {
    var template = new Helm(RENDERABLE).template().withName("sg").withNamespace("operators");
    values.forEach(template::set);
    String yaml = template.call();
    return Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<GenericKubernetesResource> kind(List<HasMetadata> objects, String kind) {
    return all(objects, GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  static Deployment deployment(List<HasMetadata> objects) {
    return all(objects, Deployment.class).get(0);
  }

  static PodSpec pod(List<HasMetadata> objects) {
    return deployment(objects).getSpec().getTemplate().getSpec();
  }

  static Map<String, String> env(List<HasMetadata> objects) {
    return pod(objects).getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  static String rule(PolicyRule r) {
    return String.join(",", r.getApiGroups()) + " " + String.join(",", r.getResources()) + " "
        + r.getResourceNames() + " " + String.join(",", r.getVerbs());
  }

  static List<String> rules(List<PolicyRule> rules) {
    return rules.stream().map(HelmCharts::rule).toList();
  }

  static Role role(List<HasMetadata> objects, String name, String namespace) {
    return all(objects, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name) && namespace.equals(r.getMetadata().getNamespace()))
        .findFirst().orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + name));
  }

  static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
    return all(objects, ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  static JsonNode readJson(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("dashboard is not JSON", e);
    }
  }
}
