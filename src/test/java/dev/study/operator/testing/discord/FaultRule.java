package dev.study.operator.testing.discord;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A fault the fake Discord injects: requests whose method and path (after {@code /api/v10}) match get the
 * given status with a realistic Discord error body, a given number of times, optionally after a delay. A rule
 * with status 0 answers normally, only slowly.
 */
public final class FaultRule {
  private final String method;
  private final Pattern path;
  private int status;
  private int code;
  private String message;
  private int retryAfterSeconds;
  private boolean global;
  private Duration delay = Duration.ZERO;
  private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);

  private FaultRule(String method, String pathRegex) {
    this.method = method;
    this.path = Pattern.compile(pathRegex);
  }

  /** Matches requests with this method ({@code null} for any) whose path matches the regex in full. */
  public static FaultRule on(String method, String pathRegex) {
    return new FaultRule(method, pathRegex);
  }

  /** 429 with {@code Retry-After: seconds}, {@code retry_after} in the body, X-RateLimit-* and Via headers. */
  public FaultRule rateLimited(int seconds) {
    this.status = 429;
    this.retryAfterSeconds = seconds;
    this.message = "You are being rate limited.";
    return this;
  }

  /** Like {@link #rateLimited} but with {@code X-RateLimit-Global}, which stops every route. */
  public FaultRule globallyRateLimited(int seconds) {
    rateLimited(seconds);
    this.global = true;
    return this;
  }

  /** A 5xx with Discord's plain {@code {"message": "500: Internal Server Error", "code": 0}} shape. */
  public FaultRule serverError(int status) {
    this.status = status;
    this.code = 0;
    this.message = status + ": " + switch (status) {
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Server Error";
    };
    return this;
  }

  /** 404 with a JSON error code such as 10003 Unknown Channel or 10013 Unknown User. */
  public FaultRule notFound(int code, String message) {
    return error(404, code, message);
  }

  /** 403 50013 Missing Permissions. */
  public FaultRule missingPermissions() {
    return error(403, 50013, "Missing Permissions");
  }

  /** Any status with a JSON error code and message. */
  public FaultRule error(int status, int code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
    return this;
  }

  /** Answers after this delay (the fault, or the normal answer when no status was set). */
  public FaultRule slow(Duration delay) {
    this.delay = Objects.requireNonNull(delay);
    return this;
  }

  /** Applies to the next {@code n} matching requests only. */
  public FaultRule times(int n) {
    remaining.set(n);
    return this;
  }

  /** How many more requests this rule will hit. */
  public int remaining() {
    return remaining.get();
  }

  boolean matches(String method, String path) {
    return (this.method == null || this.method.equalsIgnoreCase(method)) && this.path.matcher(path).matches();
  }

  /** Takes one use of the rule; false when it is used up. */
  boolean take() {
    while (true) {
      int n = remaining.get();
      if (n <= 0) {
        return false;
      }
      if (n == Integer.MAX_VALUE || remaining.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  int status() {
    return status;
  }

  Duration delay() {
    return delay;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  boolean global() {
    return global;
  }

  JsonObject body() {
    if (status == 429) {
      return new JsonObject().put("message", message).put("retry_after", (double) retryAfterSeconds)
          .put("global", global);
    }
    return new JsonObject().put("message", message).put("code", code);
  }

  @Override
  public String toString() {
    return (method == null ? "*" : method) + " " + path + " -> " + (status == 0 ? "slow " + delay : status);
  }
}
