package dev.study.operator;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.testing.MutableClock;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.RecordingSystem;
import dev.study.operator.testing.StudyGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointsIT {
  @Test
  void servesHealthReadinessAndSyncMetrics() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    try (OperatorHarness harness = OperatorHarness.start(List.of(new RecordingSystem(SystemKind.DISCORD)), clock);
         HttpEndpoints http = HttpEndpoints.start(0, harness.registry(), harness.operator()::healthy)) {
      harness.create(StudyGroups.group("course", "m1", "alice"));
      harness.awaitGroup("course", "m1", hasCondition("DiscordSynced", "True", Reasons.SYNCED));

      assertThat(get(http, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, "/readyz").statusCode()).isEqualTo(200);
      String metrics = get(http, "/metrics").body();
      assertThat(metrics)
          .contains("studygroup_sync_total{reason=\"Synced\",synced=\"true\",system=\"DiscordSynced\"}")
          .contains("operator_sdk_");
    }
  }

  @Test
  void healthzFailsOnlyWhenALivenessCheckFailsAndNamesTheDegradedSystems() throws Exception {
    AtomicBoolean dispatcherStuck = new AtomicBoolean(false);
    OperatorHealth health = new OperatorHealth()
        .liveness("reminder-dispatcher", () -> dispatcherStuck.get() ? Optional.of("no pass for 3 min") : Optional.empty())
        .degraded("database", () -> Optional.of("unavailable since 2026-12-01T09:00:00Z: ConnectException"))
        .degraded("discord", Optional::empty);
    try (HttpEndpoints http = HttpEndpoints.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        () -> true, health::report)) {
      HttpResponse<String> degraded = get(http, "/healthz");
      assertThat(degraded.statusCode()).as("a restart would not bring the database back").isEqualTo(200);
      assertThat(degraded.body()).startsWith("ok\n").contains("degraded database: unavailable since")
          .doesNotContain("discord");

      dispatcherStuck.set(true);
      HttpResponse<String> stuck = get(http, "/healthz");
      assertThat(stuck.statusCode()).isEqualTo(503);
      assertThat(stuck.body()).contains("failing reminder-dispatcher: no pass for 3 min");
    }
  }

  private static HttpResponse<String> get(HttpEndpoints http, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
