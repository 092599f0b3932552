package dev.study.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import org.junit.jupiter.api.Test;

/** Renders the chart with the real Helm library and checks what it would install. */
class HelmChartTest {
  private static final Path CHART = Path.of("helm/studygroup-operator");

  private static List<HasMetadata> render(Map<String, Object> values) {
    var template = new Helm(CHART).template().withName("sg").withNamespace("operators");
    values.forEach(template::set);
    String yaml = template.call();
    List<HasMetadata> out = Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
  }

  private static Map<String, String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
  }

  @Test
  void lintsClean() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void shipsTheSameCrdAsCrdsDirectory() throws Exception {
    assertThat(Files.readString(CHART.resolve("crds/studygroups.study.dev-v1.yml")))
        .isEqualTo(Files.readString(Path.of("crds/studygroups.study.dev-v1.yml")));
  }

  @Test
  void runsNonRootWithAReadOnlyRootFilesystemAndProbes() {
    Deployment d = deployment(render(Map.of()));
    var pod = d.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(env(d)).containsEntry("LEADER_ELECTION", "true");
  }

  @Test
  void mountsSecretsAsFilesAndNeverAsValues() {
    Deployment d = deployment(render(Map.of(
        "discord.tokenSecret", "discord-bot",
        "calendar.credentialsSecret", "google-sa",
        "database.url", "postgres://db:5432/sg",
        "database.passwordSecret", "db-password")));
    Map<String, String> env = env(d);
    assertThat(env).containsEntry("DISCORD_TOKEN_FILE", "/var/run/secrets/studygroup/discord/token")
        .containsEntry("GOOGLE_APPLICATION_CREDENTIALS", "/var/run/secrets/studygroup/google/credentials.json")
        .containsEntry("DATABASE_PASSWORD_FILE", "/var/run/secrets/studygroup/database/password")
        .doesNotContainKeys("DISCORD_TOKEN", "DATABASE_PASSWORD");
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("discord-bot", "google-sa", "db-password");
  }

  @Test
  void passesTheAllowedCategoriesOnlyWhenSet() {
    assertThat(env(deployment(render(Map.of())))).doesNotContainKey("ALLOWED_DISCORD_CATEGORIES");
    Map<String, String> env = env(deployment(render(Map.of("allowedDiscordCategories[0]", "400000000000000001",
        "allowedDiscordCategories[1]", "400000000000000002"))));
    assertThat(env).containsEntry("ALLOWED_DISCORD_CATEGORIES", "400000000000000001,400000000000000002");
  }

  @Test
  void leavesOutSystemsWithoutSecrets() {
    Map<String, String> env = env(deployment(render(Map.of())));
    assertThat(env).doesNotContainKeys("DISCORD_TOKEN_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "DATABASE_URL");
  }

  @Test
  void grantsOnlyStatusFinalizersAndEventsPerWatchedNamespace() {
    List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "course", "watchNamespaces[1]", "cohort8"));
    List<Role> roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
        .filter(r -> !r.getMetadata().getName().endsWith("leader-election")).toList();

    assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("course", "cohort8");
    assertThat(objects).noneMatch(o -> "ClusterRole".equals(o.getKind()));
    Role role = roles.get(0);
    assertThat(role.getRules()).allSatisfy(rule -> {
      if (rule.getResources().contains("events")) {
        assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "patch");
      } else {
        assertThat(rule.getApiGroups()).containsExactly("study.dev");
        assertThat(rule.getVerbs()).doesNotContain("create", "delete", "deletecollection", "*");
      }
    });
    assertThat(role.getRules()).extracting(PolicyRule::getResources)
        .anySatisfy(r -> assertThat(r).contains("studygroups/status", "studygroups/finalizers"));
  }
}
