package dev.study.operator.calendar;

import com.google.api.client.googleapis.json.GoogleJsonError;
import dev.study.operator.sync.SyncException;
import java.time.Duration;
import java.util.Set;

/**
 * Turns Google Calendar's error answers into our reasons. Reasons and statuses are the ones of the Calendar
 * errors guide (developers.google.com/calendar/api/guides/errors): rate limits come as 403 or 429 in domain
 * usageLimits, and whether a 403 is a rate limit is told only by its reason.
 */
final class GoogleErrors {
  /**
   * Google's answer to attendees on an event written by a service account that acts as itself: 403
   * {domain: calendar, reason: forbiddenForServiceAccounts}, "Service accounts cannot invite attendees without
   * Domain-Wide Delegation of Authority." (as reported in spatie/laravel-google-calendar#242 and #159,
   * googleapis/google-api-ruby-client#14631).
   */
  static final String FORBIDDEN_FOR_SERVICE_ACCOUNTS = "forbiddenForServiceAccounts";
  static final String DELEGATION_HINT = "service accounts cannot invite attendees without domain-wide delegation:"
      + " set GOOGLE_IMPERSONATE_USER to a Workspace user the service account may act as (see docs/calendar.md)";
  /** Per-minute limits: worth another try within seconds. */
  private static final Set<String> RATE_LIMITS = Set.of("rateLimitExceeded", "userRateLimitExceeded",
      "quotaExceeded");
  /**
   * The project's daily limit: retrying within the reconcile only burns more of it. Google resets daily quotas
   * once a day and does not say when in the answer, so the sync looks again in an hour.
   */
  static final String DAILY_LIMIT = "dailyLimitExceeded";
  static final Duration DAILY_LIMIT_RETRY = Duration.ofHours(1);

  private GoogleErrors() {}

  /** Turns Google's answer into our reason; 404 here means the calendar, since event 404s are handled by callers. */
  static SyncException classify(int code, String reason, String what, String googleMessage) {
    String detail = what + ": HTTP " + code + (reason == null ? "" : " " + reason)
        + (googleMessage == null || googleMessage.isBlank() ? "" : " (" + googleMessage + ")");
    if (code == 403 && DAILY_LIMIT.equals(reason)) {
      return new SyncException(CalendarReasons.RATE_LIMITED, detail, true, DAILY_LIMIT_RETRY, null);
    }
    if (code == 429 || (code == 403 && RATE_LIMITS.contains(reason))) {
      return SyncException.retryable(CalendarReasons.RATE_LIMITED, detail, null);
    }
    if (code == 403 && FORBIDDEN_FOR_SERVICE_ACCOUNTS.equals(reason)) {
      return SyncException.permanent(CalendarReasons.FORBIDDEN, detail + "; " + DELEGATION_HINT, null);
    }
    if (code == 401) {
      return SyncException.permanent(CalendarReasons.UNAUTHORIZED, detail, null);
    }
    if (code == 403) {
      return SyncException.permanent(CalendarReasons.FORBIDDEN, detail, null);
    }
    if (code == 404) {
      return SyncException.permanent(CalendarReasons.NOT_FOUND, detail, null);
    }
    if (code >= 500) {
      return SyncException.retryable(CalendarReasons.ERROR, detail, null);
    }
    return SyncException.permanent(CalendarReasons.ERROR, detail, null);
  }

  /** Whether a retry inside the reconcile can help: per-minute limits and 5xx, not the daily limit. */
  static boolean retryNow(SyncException failure) {
    return failure.retryable() && failure.retryAfter().isEmpty();
  }

  static String reasonOf(GoogleJsonError error) {
    return error.getErrors() == null || error.getErrors().isEmpty() ? null : error.getErrors().get(0).getReason();
  }
}
