package dev.study.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times the operator's calls to Discord and Google Calendar, so on-call can see 429s, 5xx and slow
 * vendors without reading logs. The labels are closed sets (system, operation, outcome): never an id, a channel
 * or a group. The adapters own the one place their requests go through and call this; ports and diffs never see it.
 */
public final class OutboundMetrics {
  /** Upper bounds of the latency histogram: a handful of buckets, from a fast REST call to JDA's 30 s timeout. */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30)};

  /** How a request ended, as the alerts and dashboard group it. */
  public enum Outcome {
    OK("ok"),
    RATE_LIMITED("rate_limited"),
    CLIENT_ERROR("client_error"),
    SERVER_ERROR("server_error"),
    /** No answer in time, or none at all (connection refused or reset): the vendor may or may not have acted. */
    TIMEOUT("timeout");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** An HTTP status as an outcome; Google's 403 rate limits are told apart by the adapter, not here. */
    public static Outcome ofStatus(int status) {
      if (status == 429) {
        return RATE_LIMITED;
      }
      if (status >= 200 && status < 400) {
        return OK;
      }
      return status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
    }
  }

  private final MeterRegistry registry;

  public OutboundMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** For adapters built without a registry (tests, tools): records into a registry nobody reads. */
  public static OutboundMetrics none() {
    return new OutboundMetrics(new SimpleMeterRegistry());
  }

  /** The registry's monotonic clock, so tests with a MockClock control the durations. */
  public long startNanos() {
    return registry.config().clock().monotonicTime();
  }

  /** One request that got an answer (or timed out) after it started at {@code startNanos}. */
  public void record(String system, String operation, Outcome outcome, long startNanos) {
    count(system, operation, outcome);
    Timer.builder("studygroup.outbound.request.duration")
        .description("Time of one request to an outside system, answered or not")
        .tag("system", system)
        .tag("operation", operation)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(registry.config().clock().monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** One request whose own duration is not known, e.g. a call inside a Calendar batch (the batch is timed). */
  public void count(String system, String operation, Outcome outcome) {
    Counter.builder("studygroup.outbound.requests")
        .description("Requests to outside systems by outcome")
        .tag("system", system)
        .tag("operation", operation)
        .tag("outcome", outcome.label())
        .register(registry)
        .increment();
  }
}
