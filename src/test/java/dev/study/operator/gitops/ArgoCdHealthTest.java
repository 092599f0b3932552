package dev.study.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The Argo CD health check of docs/argocd-health.lua on hand-written status samples, one per outcome. */
class ArgoCdHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode group(long generation, String spec, String status) throws Exception {
    return JSON.readTree("{\"apiVersion\":\"study.dev/v1alpha1\",\"kind\":\"StudyGroup\",\"metadata\":{\"name\":\"g\","
        + "\"namespace\":\"course\",\"generation\":" + generation + "},\"spec\":" + spec
        + (status == null ? "" : ",\"status\":" + status) + "}");
  }

  private static String condition(String type, String status, String reason, long generation) {
    return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"reason\":\"" + reason + "\",\"message\":\""
        + type + " is " + reason + "\",\"observedGeneration\":" + generation
        + ",\"lastTransitionTime\":\"2027-01-01T00:00:00Z\"}";
  }

  private static String status(long observed, String... conditions) {
    return "{\"observedGeneration\":" + observed + ",\"conditions\":[" + String.join(",", conditions) + "]}";
  }

  @Test
  void docsShowTheTestedScriptLineForLine() throws Exception {
    java.util.List<String> doc = Files.readString(java.nio.file.Path.of("docs", "gitops.md")).lines()
        .map(String::strip).toList();
    java.util.List<String> script = Files.readString(ArgoCdHealth.SCRIPT).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("--")).toList();
    int at = doc.indexOf("resource.customizations.health.study.dev_StudyGroup: |");
    assertThat(at).as("argocd-cm key in docs/gitops.md").isNotNegative();
    assertThat(doc.subList(at + 1, Math.min(doc.size(), at + 1 + doc.size())).stream()
        .filter(l -> !l.isEmpty() && !l.startsWith("--")).limit(script.size()).toList()).isEqualTo(script);
  }

  @Test
  void docsShowTheTestedFluxExpressions() throws Exception {
    assertThat(Files.readString(java.nio.file.Path.of("docs", "gitops.md"))).contains(
        "inProgress: \"" + FluxStatus.IN_PROGRESS + "\"", "failed: \"" + FluxStatus.FAILED + "\"",
        "current: \"" + FluxStatus.CURRENT + "\"");
  }

  @Test
  void isHealthyWhenReadyIsTrueForTheCurrentGeneration() throws Exception {
    var verdict = ArgoCdHealth.of(group(3, "{}", status(3, condition("DiscordSynced", "True", "Synced", 3),
        condition("Ready", "True", "Ready", 3))));
    assertThat(verdict.status()).isEqualTo("Healthy");
  }

  @Test
  void isProgressingBeforeTheFirstStatus() throws Exception {
    assertThat(ArgoCdHealth.of(group(1, "{}", null)).status()).isEqualTo("Progressing");
  }

  @Test
  void isProgressingWhileTheOperatorHasNotSeenTheLatestGeneration() throws Exception {
    var verdict = ArgoCdHealth.of(group(4, "{}", status(3, condition("Ready", "True", "Ready", 3))));
    assertThat(verdict.status()).isEqualTo("Progressing");
    assertThat(verdict.message()).contains("generation 4");
  }

  @Test
  void isProgressingWhenReadyIsOfAnOlderGenerationEvenIfStatusIsNewer() throws Exception {
    assertThat(ArgoCdHealth.of(group(4, "{}", status(4, condition("Ready", "True", "Ready", 3)))).status())
        .isEqualTo("Progressing");
  }

  @Test
  void isDegradedWhenASystemIsFalseNamingIt() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{}", status(2, condition("DiscordSynced", "False", "ChannelNotFound", 2),
        condition("CalendarSynced", "True", "Synced", 2), condition("Ready", "False", "ChannelNotFound", 2))));
    assertThat(verdict.status()).isEqualTo("Degraded");
    assertThat(verdict.message()).contains("DiscordSynced ChannelNotFound").doesNotContain("CalendarSynced");
  }

  @Test
  void isSuspendedWhenSpecSuspendIsTrueWhateverTheConditions() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{\"suspend\":true}", status(1,
        condition("DiscordSynced", "False", "Suspended", 1), condition("Ready", "False", "Suspended", 1))));
    assertThat(verdict.status()).isEqualTo("Suspended");
  }

  @Test
  void isProgressingWhenReadyIsUnknownAndNoSystemFailed() throws Exception {
    assertThat(ArgoCdHealth.of(group(1, "{}", status(1, condition("Ready", "Unknown", "Pending", 1)))).status())
        .isEqualTo("Progressing");
  }
}
