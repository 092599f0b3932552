package dev.study.operator.calendar;

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
 * @param requestsPerMinute the client-side limit per calendar user, kept under Google's per-user quota
 * @param attempts how often one call is tried when Google rate-limits it or fails with 5xx
 * @param retryBase the first backoff ceiling; it doubles per attempt up to retryCap, with full jitter
 * @param retryCap the largest backoff ceiling
 */
public record CalendarSettings(
    Path credentialsFile,
    String rootUrl,
    String impersonateUser,
    int requestsPerMinute,
    int attempts,
    Duration retryBase,
    Duration retryCap) {
  public static final String GOOGLE_ROOT_URL = "https://www.googleapis.com/";
  /** Google's default per-user limit is 600 requests a minute; stay clearly under it. */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 500;
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
  }

  /** Production defaults for a key file, acting as the service account itself. */
  public static CalendarSettings of(Path credentialsFile) {
    return new CalendarSettings(credentialsFile, GOOGLE_ROOT_URL, null, DEFAULT_REQUESTS_PER_MINUTE,
        DEFAULT_ATTEMPTS, DEFAULT_RETRY_BASE, DEFAULT_RETRY_CAP);
  }

  public CalendarSettings withRootUrl(String url) {
    return new CalendarSettings(credentialsFile, url, impersonateUser, requestsPerMinute, attempts, retryBase, retryCap);
  }

  public CalendarSettings withImpersonateUser(String user) {
    return new CalendarSettings(credentialsFile, rootUrl, user, requestsPerMinute, attempts, retryBase, retryCap);
  }

  public CalendarSettings withRequestsPerMinute(int limit) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, limit, attempts, retryBase, retryCap);
  }

  public CalendarSettings withRetries(int tries, Duration base, Duration cap) {
    return new CalendarSettings(credentialsFile, rootUrl, impersonateUser, requestsPerMinute, tries, base, cap);
  }
}
