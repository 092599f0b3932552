package dev.study.operator.testing.calendar;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A fault the fake injects: calls of a kind (list, get, insert, patch, delete, batch, token), or whose path
 * matches a pattern, are answered with an error in Google's JSON shape instead of being applied, a given
 * number of times.
 */
public final class FaultRule {
  private final String kind;
  private final Pattern path;
  private final int status;
  private final String reason;
  private final AtomicInteger remaining;

  private FaultRule(String kind, Pattern path, int status, String reason, int times) {
    this.kind = kind;
    this.path = path;
    this.status = status;
    this.reason = reason;
    this.remaining = new AtomicInteger(times);
  }

  public static Builder onKind(String kind) {
    return new Builder(kind, null);
  }

  public static Builder onPath(String regex) {
    return new Builder(null, Pattern.compile(regex));
  }

  boolean matches(String callKind, String callPath) {
    boolean hit = (kind == null || kind.equals(callKind)) && (path == null || path.matcher(callPath).find());
    if (!hit) {
      return false;
    }
    // take one use atomically; a spent rule matches nothing
    return remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public int remaining() {
    return remaining.get();
  }

  /** Builds a rule; the reason defaults to what Google sends with that status. */
  public static final class Builder {
    private final String kind;
    private final Pattern path;

    private Builder(String kind, Pattern path) {
      this.kind = kind;
      this.path = path;
    }

    public FaultRule answer(int status, int times) {
      return answer(status, defaultReason(status), times);
    }

    public FaultRule answer(int status, String reason, int times) {
      return new FaultRule(kind, path, status, reason, times);
    }

    private static String defaultReason(int status) {
      return switch (status) {
        case 403 -> "forbidden";
        case 404 -> "notFound";
        case 409 -> "duplicate";
        case 410 -> "deleted";
        case 429 -> "rateLimitExceeded";
        case 401 -> "authError";
        default -> status >= 500 ? "backendError" : "invalid";
      };
    }
  }
}
