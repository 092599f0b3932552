package dev.study.operator.calendar;

/** Condition reasons of the Calendar system. */
public final class CalendarReasons {
  /** The calendar id does not exist, or the service account cannot see it at all (404 on list). */
  public static final String NOT_FOUND = "CalendarNotFound";
  /** The service account (or the user it impersonates) may not write the calendar's events (403). */
  public static final String FORBIDDEN = "CalendarForbidden";
  /** The token endpoint refused the credentials, or the API answered 401. */
  public static final String UNAUTHORIZED = "CalendarUnauthorized";
  /** Google's rate limits (403 rateLimitExceeded / userRateLimitExceeded, 429) outlasted the retries. */
  public static final String RATE_LIMITED = "RateLimited";
  /** Anything else Google answered: 5xx (retryable), an unexpected 4xx, or no answer at all. */
  public static final String ERROR = "CalendarError";

  private CalendarReasons() {}
}
