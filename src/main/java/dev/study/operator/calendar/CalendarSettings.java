package dev.study.operator.calendar;

import dev.study.operator.metrics.OutboundMetrics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the operator reaches Google Calendar. Built by the operator's configuration (which alone reads the
 * environment); this package never reads env vars or guesses paths.
 *
 * @param credentialsFile the service-account JSON key file; its token_uri is where tokens come from
 * @param rootUrl the API root, "https://www.googleapis.com/" in production, a fake's URL in tests
 * @param impersonateUser the Workspace user to act as through domain-wide delegation, or null to act as the
 *     service account itself
 * @param requestsPerMinute the client-side limit per calendar user in quota units a minute (a patch costs three,
 *     see {@link QuotaCost}), kept under Google's per-user quota
 * @param attempts how often one call is tried when Google rate-limits it or fails with 5xx
 * @param retryBase the first backoff ceiling; it doubles per attempt up to retryCap, with full jitter
 * @param retryCap the largest backoff ceiling
 * @param maxWait the most one port call sleeps inside a reconcile, pacing and backoff together; a longer wait
 *     ends the sync with a retry-after instead
 */
public record CalendarSettings(
    Path credentialsFile,
    String rootUrl,
    String impersonateUser,
    int requestsPerMinute,
    int attempts,
    Duration retryBase,
    Duration retryCap,
    Duration maxWait,
    OutboundMetrics metrics) {
  public static final String GOOGLE_ROOT_URL = "https://www.googleapis.com/";
  /**
   * Google's per-user limit is 600 requests a minute over a sliding window
   * (developers.google.com/calendar/api/guides/quota); the operator's {@link QuotaWindow} keeps every minute at
   * or under this, a little below Google's so that another client of the same user (a person in the web UI)
   * still fits.
   */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 570;
  /** A fifth of the rate, so burst + one minute of rate stay within 1.2 x the rate (600 for the default). */
  private static final int BURST_DIVISOR = 5;
  /** Enough for a batch of 33 patches or 50 inserts at the default rate. */
  private static final int MAX_BURST = 100;
  /** A few seconds: what a reconcile may spend sleeping in one call before it hands the wait back. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);
  public static final int DEFAULT_ATTEMPTS = 5;
  public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_CAP = Duration.ofSeconds(32);

  public CalendarSettings {
    if (credentialsFile == null) {
      throw new IllegalArgumentException("the Calendar settings need a credentials file");
    }
    rootUrl = rootUrl == null || rootUrl.isBlank() ? GOOGLE_ROOT_URL : (rootUrl.endsWith("/") ? rootUrl : rootUrl + "/");
    impersonateUser = impersonateUser == null || impersonateUser.isBlank() ? null : impersonateUser;
    if (requestsPerMinute < 1 || attempts < 1) {
      throw new IllegalArgumentException("requestsPerMinute and attempts must be at least 1");
    }
    maxWait = maxWait == null ? DEFAULT_MAX_WAIT : maxWait;
    metrics = metrics == null ? OutboundMetrics.none() : metrics;
  }

  public CalendarSettings(Path credentialsFile, String rootUrl, String impersonateUser, int requestsPerMinute,
      int attempts, Duration retryBase, Duration retryCap, Duration maxWait) {
    this(credentialsFile, rootUrl, impersonateUser, requestsPerMinute, attempts, retryBase, retryCap, maxWait, null);
  }

  /** The units one grant of the quota window may hold: a fifth of a minute's units, at least one patch, at most 100. */
  public int burst() {
    return Math.max(QuotaCost.MAX, Math.min(MAX_BURST, requestsPerMinute / BURST_DIVISOR));
  }

  /** Production defaults for a key file, acting as the service account itself. */
  public static CalendarSettings of(Path credentialsFile) {
    return new CalendarSettings(credentialsFile, GOOGLE_ROOT_URL, null, DEFAULT_REQUESTS_PER_MINUTE,
        DEFAULT_ATTEMPTS, DEFAULT_RETRY_BASE, DEFAULT_RETRY_CAP,
        DEFAULT_MAX_WAIT);
  }

  public CalendarSettings withRootUrl(String url) {
    return new CalendarSettings(credentialsFile, url, impersonateUser, requestsPerMinute, attempts, retryBase, retryCap, maxWait, metrics);
  }

  public CalendarSettings withImpersonateUser(String user) {
    return new CalendarSettings(credentialsFile, rootUrl, user, requestsPerMinute, attempts, retryBase, retryCap, maxWait, metrics);
  }

  public CalendarSettings withRequestsPerMinute(int limit) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, limit, attempts, retryBase, retryCap, maxWait, metrics);
  }

  public CalendarSettings withRetries(int tries, Duration base, Duration cap) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, requestsPerMinute, tries, base, cap, maxWait, metrics);
  }

  public CalendarSettings withMetrics(OutboundMetrics outbound) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, requestsPerMinute, attempts, retryBase,
        retryCap, maxWait, outbound);
  }

  public CalendarSettings withMaxWait(Duration wait) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, requestsPerMinute, attempts, retryBase,
        retryCap, wait, metrics);
  }
}
