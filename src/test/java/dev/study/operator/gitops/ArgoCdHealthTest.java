package dev.study.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check of docs/argocd-health.lua, and Flux's healthCheckExprs, on hand-written statuses of the
 * shape the operator writes: the four system conditions, Ready, and kstatus's Reconciling and Stalled, always all
 * present.
 */
class ArgoCdHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode group(long generation, String spec, String status) throws Exception {
    return group(generation, "", spec, status);
  }

  private static JsonNode group(long generation, String extraMetadata, String spec, String status) throws Exception {
    return JSON.readTree("{\"apiVersion\":\"study.dev/v1alpha1\",\"kind\":\"StudyGroup\",\"metadata\":{\"name\":\"g\","
        + "\"namespace\":\"course\",\"generation\":" + generation + extraMetadata + "},\"spec\":" + spec
        + (status == null ? "" : ",\"status\":" + status) + "}");
  }

  private static String condition(String type, String status, String reason, long generation) {
    return condition(type, status, reason, type + " is " + reason, generation);
  }

  private static String condition(String type, String status, String reason, String message, long generation) {
    return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"reason\":\"" + reason + "\",\"message\":\""
        + message + "\",\"observedGeneration\":" + generation + ",\"lastTransitionTime\":\"2027-01-01T00:00:00Z\"}";
  }

  private static String status(long observed, String... conditions) {
    return "{\"observedGeneration\":" + observed + ",\"conditions\":[" + String.join(",", conditions) + "]}";
  }

  /** What the operator writes: every system, Ready, Reconciling and Stalled. */
  private static String written(long gen, String discordStatus, String discordReason, boolean retrying,
      boolean stalled) {
    String ready = "True".equals(discordStatus) ? "True" : "False";
    String readyReason = "True".equals(discordStatus) ? "AllSystemsSynced" : discordReason;
    String readyMessage = "True".equals(discordStatus) ? "All systems synced" : "DiscordSynced: channel 2 not found";
    return status(gen, condition("DiscordSynced", discordStatus, discordReason, gen),
        condition("CalendarSynced", "True", "Synced", gen), condition("RemindersSynced", "True", "Synced", gen),
        condition("RsvpsSynced", "True", "Synced", gen), condition("Ready", ready, readyReason, readyMessage, gen),
        condition("Reconciling", retrying ? "True" : "False", readyReason, gen),
        condition("Stalled", stalled ? "True" : "False", readyReason, gen));
  }

  @Test
  void docsShowTheTestedScriptLineForLine() throws Exception {
    List<String> doc = Files.readString(Path.of("docs", "gitops.md")).lines().map(String::strip).toList();
    List<String> script = Files.readString(ArgoCdHealth.SCRIPT).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("--")).toList();
    int at = doc.indexOf("resource.customizations.health.study.dev_StudyGroup: |");
    assertThat(at).as("argocd-cm key in docs/gitops.md").isNotNegative();
    assertThat(doc.subList(at + 1, doc.size()).stream()
        .filter(l -> !l.isEmpty() && !l.startsWith("--")).limit(script.size()).toList()).isEqualTo(script);
  }

  @Test
  void docsShowTheTestedFluxExpressions() throws Exception {
    assertThat(Files.readString(Path.of("docs", "gitops.md"))).contains(
        "inProgress: \"" + FluxStatus.IN_PROGRESS + "\"", "failed: \"" + FluxStatus.FAILED + "\"",
        "current: \"" + FluxStatus.CURRENT + "\"");
  }

  @Test
  void isHealthyWhenReadyIsTrueForTheCurrentGenerationWithReadysMessage() throws Exception {
    var verdict = ArgoCdHealth.of(group(3, "{}", written(3, "True", "Synced", false, false)));
    assertThat(verdict.status()).isEqualTo("Healthy");
    assertThat(verdict.message()).isEqualTo("All systems synced");
  }

  @Test
  void isProgressingBeforeTheFirstStatus() throws Exception {
    assertThat(ArgoCdHealth.of(group(1, "{}", null)).status()).isEqualTo("Progressing");
    assertThat(ArgoCdHealth.of(group(1, "{}", "{}")).status()).isEqualTo("Progressing");
  }

  @Test
  void isProgressingWhileTheOperatorHasNotSeenTheLatestGeneration() throws Exception {
    var verdict = ArgoCdHealth.of(group(4, "{}", written(3, "True", "Synced", false, false)));
    assertThat(verdict.status()).isEqualTo("Progressing");
    assertThat(verdict.message()).contains("generation 4");
  }

  @Test
  void isProgressingWhenReadyIsOfAnOlderGenerationEvenIfStatusIsNewer() throws Exception {
    assertThat(ArgoCdHealth.of(group(4, "{}", status(4, condition("Ready", "True", "Ready", 3)))).status())
        .isEqualTo("Progressing");
  }

  @Test
  void isDegradedOnlyWhenStalledNamingReadysMessageOnly() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{}", written(2, "False", "ChannelNotFound", false, true)));
    assertThat(verdict.status()).isEqualTo("Degraded");
    assertThat(verdict.message()).isEqualTo("DiscordSynced: channel 2 not found");
  }

  @Test
  void isProgressingWhileAFailureIsRetried() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{}", written(2, "False", "DiscordError", true, false)));
    assertThat(verdict.status()).isEqualTo("Progressing");
    assertThat(verdict.message()).isEqualTo("Retrying: DiscordSynced: channel 2 not found");
  }

  @Test
  void isProgressingWhenReadyIsFalseButNeitherStalledNorReconciling() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{}", written(2, "False", "Pending", false, false)));
    assertThat(verdict.status()).isEqualTo("Progressing");
    assertThat(ArgoCdHealth.of(group(1, "{}", status(1, condition("Ready", "Unknown", "Pending", 1)))).status())
        .isEqualTo("Progressing");
  }

  @Test
  void isPendingDeletionWhateverTheConditionsNamingTheFinalizers() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, ",\"deletionTimestamp\":\"2027-01-01T00:00:00Z\","
        + "\"finalizers\":[\"studygroups.study.dev/finalizer\"]", "{\"suspend\":true}",
        written(2, "False", "ChannelNotFound", false, true)));
    assertThat(verdict.status()).isEqualTo("Progressing");
    assertThat(verdict.message()).startsWith("Pending deletion")
        .endsWith("blocked by finalizers: studygroups.study.dev/finalizer");
  }

  @Test
  void isSuspendedWhenSpecSuspendIsTrueWhateverTheConditions() throws Exception {
    var verdict = ArgoCdHealth.of(group(2, "{\"suspend\":true}", status(1,
        condition("DiscordSynced", "False", "Suspended", 1), condition("Ready", "False", "Suspended", 1))));
    assertThat(verdict.status()).isEqualTo("Suspended");
  }

  @Test
  void fluxCannotEvaluateAnObjectWithoutStatusAndReportsUnknown() throws Exception {
    var verdict = FluxStatus.evaluate(group(1, "{}", null));
    assertThat(verdict.status()).isEqualTo("Unknown");
    assertThat(verdict.error()).contains("status");
    // a status without conditions is guarded by has()
    assertThat(FluxStatus.withExpressions(group(1, "{}", "{}"))).isEqualTo("InProgress");
    // the other side of || decides: a suspended group without status is Current, a deleting one InProgress
    assertThat(FluxStatus.withExpressions(group(1, "{\"suspend\":true}", null))).isEqualTo("Unknown");
    assertThat(FluxStatus.withExpressions(group(1, ",\"deletionTimestamp\":\"2027-01-01T00:00:00Z\"", "{}", null)))
        .isEqualTo("InProgress");
  }

  @Test
  void fluxFailsOnlyWhenStalledAndWaitsWhileRetrying() throws Exception {
    assertThat(FluxStatus.withExpressions(group(2, "{}", written(2, "False", "ChannelNotFound", false, true))))
        .isEqualTo("Failed");
    assertThat(FluxStatus.withExpressions(group(2, "{}", written(2, "False", "DiscordError", true, false))))
        .isEqualTo("InProgress");
    assertThat(FluxStatus.withExpressions(group(2, "{}", written(2, "True", "Synced", false, false))))
        .isEqualTo("Current");
    // a present observedGeneration behind the generation is InProgress before any expression runs
    assertThat(FluxStatus.evaluate(group(3, "{}", written(2, "False", "ChannelNotFound", false, true))).status())
        .isEqualTo("InProgress");
  }
}
