package dev.study.operator;

import static dev.study.operator.testing.OperatorHarness.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.sync.Reasons;
import dev.study.operator.testing.FullStack;
import dev.study.operator.testing.MockKubernetes;
import dev.study.operator.testing.OperatorHarness;
import dev.study.operator.testing.discord.FaultRule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /metrics series the chart's alerts and dashboard read, scraped after a reconcile through the real JDA and
 * Google clients against the fakes, with PostgreSQL: names as Prometheus sees them, and only bounded labels.
 */
class MetricsIT {
  @TempDir
  Path dir;
  private FullStack stack;
  private MockKubernetes kubernetes;
  private StudyGroupOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aReconcileLeavesEverySeriesTheAlertsAndDashboardUseWithBoundedLabels() throws Exception {
    stack = new FullStack(dir);
    // Discord answers the first overwrite with a 429; JDA waits and retries by itself
    stack.discord.addFault(FaultRule.on("PUT", ".*/permissions/.*").rateLimited(1).times(1));
    Map<String, String> env = stack.env();
    env.put("CALENDAR_REQUESTS_PER_MINUTE", "420");
    OperatorConfig config = OperatorConfig.load(env);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StudyGroupOperator.bindJvmMetrics(registry);
    OperatorSystems systems = SystemsFactory.fromConfig(config, stack.clock, registry);
    ReconnectingDiscordAccess session = systems.resources().stream().filter(ReconnectingDiscordAccess.class::isInstance)
        .map(ReconnectingDiscordAccess.class::cast).findFirst().orElseThrow();
    assertThat(session.awaitSession(Duration.ofSeconds(30))).isTrue();
    kubernetes = MockKubernetes.start();
    operator = StudyGroupOperator.start(kubernetes.client(), config, systems, stack.clock, () -> 0.5, registry);

    StudyGroup group = stack.group("m1", "alice", "bob");
    kubernetes.client().resource(group).create();
    StudyGroup synced = await().atMost(OperatorHarness.WAIT).pollInterval(Duration.ofMillis(50))
        .until(() -> kubernetes.client().resources(StudyGroup.class).inNamespace(FullStack.NS).withName("m1").get(),
            g -> g != null && g.getStatus() != null && hasCondition("Ready", "True", Reasons.READY).test(g));

    String scrape = registry.scrape();
    assertThat(value(scrape, "studygroup_outbound_requests_total",
        "operation=\"put_overwrite\",outcome=\"ok\",system=\"discord\"")).isEqualTo(2.0);
    assertThat(value(scrape, "studygroup_outbound_requests_total",
        "operation=\"put_overwrite\",outcome=\"rate_limited\",system=\"discord\"")).isEqualTo(1.0);
    assertThat(value(scrape, "studygroup_outbound_requests_total",
        "operation=\"list\",outcome=\"ok\",system=\"calendar\"")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(scrape, "studygroup_outbound_requests_total",
        "operation=\"insert\",outcome=\"ok\",system=\"calendar\"")).isEqualTo(4.0);
    assertThat(value(scrape, "studygroup_outbound_request_duration_seconds_count",
        "operation=\"batch\",system=\"calendar\"")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrape).contains("studygroup_outbound_request_duration_seconds_bucket{operation=\"put_overwrite\",system=\"discord\",le=\"30.0\"}");
    assertThat(value(scrape, "studygroup_calendar_quota_requests_per_minute", null)).isEqualTo(420.0);
    assertThat(value(scrape, "studygroup_leader", null)).isEqualTo(1.0);
    assertThat(value(scrape, "studygroup_groups_stalled", null)).isEqualTo(0.0);
    // a number (not NaN) proves the count ran against the real reminder table; none is due yet
    assertThat(value(scrape, "studygroup_reminders_overdue", null)).isEqualTo(0.0);
    assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_cpu_usage", "process_uptime_seconds", "studygroup_sync_total{");

    // bounded labels: no group, uid, guild, channel, member or calendar in any series
    String labels = scrape.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\s\\S+$", ""))
        .reduce("", (a, b) -> a + "\n" + b);
    assertThat(labels).doesNotContain("m1", synced.getMetadata().getUid(), stack.guild, stack.text, "alice",
        FullStack.CALENDAR);
  }

  /** The value of one series; labels null for a series without labels. */
  private static double value(String scrape, String name, String labels) {
    String series = labels == null ? Pattern.quote(name) : Pattern.quote(name + "{" + labels + "}");
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(name + (labels == null ? "" : "{" + labels + "}") + " in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
