package dev.study.operator.helm;

import static dev.study.operator.helm.HelmCharts.all;
import static dev.study.operator.helm.HelmCharts.env;
import static dev.study.operator.helm.HelmCharts.kind;
import static dev.study.operator.helm.HelmCharts.pod;
import static dev.study.operator.helm.HelmCharts.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's pod: security contexts, probes, secrets as files, and the settings passed as environment. Rendered
 * with the real Helm library (helm-java), see {@link HelmCharts}.
 */
class HelmChartPodTest {
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

  @Test
  void skipsTheDisruptionBudgetForASingleReplica() {
    assertThat(all(render(Map.of("replicas", 1)), PodDisruptionBudget.class)).isEmpty();
  }
}
