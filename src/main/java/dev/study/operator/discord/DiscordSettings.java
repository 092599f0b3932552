package dev.study.operator.discord;

import dev.study.operator.metrics.OutboundMetrics;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Discord: the bot token, the REST base URL and the gateway URL, overridable so the same binary
 * talks to a local fake. Built by the operator's configuration; this type reads no environment.
 * {@link #toString()} never shows the token. {@code metrics} counts and times the REST calls;
 * {@code requestsPerSecond} paces them under Discord's global limit ({@link DiscordRequestPacer}).
 */
public record DiscordSettings(String token, String restBaseUrl, String gatewayUrl, Duration readyTimeout,
    Duration requestTimeout, OutboundMetrics metrics, int requestsPerSecond) {
  public static final String DISCORD_REST = "https://discord.com/api/v10/";
  public static final String DISCORD_GATEWAY = "wss://gateway.discord.gg";

  public DiscordSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(restBaseUrl, "restBaseUrl");
    Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl : restBaseUrl + "/";
    readyTimeout = readyTimeout == null ? Duration.ofSeconds(60) : readyTimeout;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    metrics = metrics == null ? OutboundMetrics.none() : metrics;
    requestsPerSecond = requestsPerSecond <= 0 ? DiscordRequestPacer.DEFAULT_REQUESTS_PER_SECOND : requestsPerSecond;
  }

  public DiscordSettings(String token, String restBaseUrl, String gatewayUrl, Duration readyTimeout,
      Duration requestTimeout) {
    this(token, restBaseUrl, gatewayUrl, readyTimeout, requestTimeout, null, 0);
  }

  public DiscordSettings(String token, String restBaseUrl, String gatewayUrl) {
    this(token, restBaseUrl, gatewayUrl, null, null);
  }

  public DiscordSettings withMetrics(OutboundMetrics outbound) {
    return new DiscordSettings(token, restBaseUrl, gatewayUrl, readyTimeout, requestTimeout, outbound,
        requestsPerSecond);
  }

  public DiscordSettings withRequestsPerSecond(int rate) {
    return new DiscordSettings(token, restBaseUrl, gatewayUrl, readyTimeout, requestTimeout, metrics, rate);
  }

  /** The real Discord. */
  public static DiscordSettings discord(String token) {
    return new DiscordSettings(token, DISCORD_REST, DISCORD_GATEWAY);
  }

  @Override
  public String toString() {
    return "DiscordSettings[token=***, restBaseUrl=" + restBaseUrl + ", gatewayUrl=" + gatewayUrl
        + ", readyTimeout=" + readyTimeout + ", requestTimeout=" + requestTimeout + ", requestsPerSecond="
        + requestsPerSecond + "]";
  }
}
