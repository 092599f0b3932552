package dev.study.operator.testing.calendar;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Google Calendar API v3 that lives on 127.0.0.1 for tests, reached through Google's real client. It speaks
 * the parts of the protocol the operator uses: the OAuth token endpoint (verifying the service account's
 * RS256 JWT), events list/get/insert/patch/delete, and the multipart batch endpoint. Deleting an event marks
 * it cancelled, as Google does, so its id stays taken.
 *
 * <p>As strict as Google where the operator relies on it:
 * <ul>
 *   <li>a token minted from a JWT without {@code sub} is the service account acting as itself, and an insert or
 *       patch carrying attendees gets 403 forbiddenForServiceAccounts (see {@link #FORBIDDEN_FOR_SERVICE_ACCOUNTS});
 *   <li>every change gives the event a new etag, and a patch or delete with a stale If-Match gets 412
 *       (developers.google.com/calendar/api/guides/version-resources);
 *   <li>with {@link #quotaPerUser} on, each user's calls are weighed by Google's documented cost (a patch three
 *       units: events.patch reference) over a sliding minute, and calls beyond it get a usageLimits error.
 * </ul>
 * {@code fields} is ignored: the fake always answers full events.
 *
 * <p>Tests read counters by kind (each call inside a batch counts as its call), inject faults as rules, and
 * change events "by hand" as a person in the Calendar UI would.
 *
 * <p>This class is the entry point; the protocol lives behind it: {@link EventsApi}, {@link BatchCodec},
 * {@link TokenEndpoint} and {@link CalendarHttp} (the wire), {@link CalendarStore} (state), {@link CalendarFaults},
 * {@link QuotaMeter} and {@link CallCounters}.
 */
public final class FakeCalendar implements AutoCloseable {
  public static final String LIST = "list";
  public static final String GET = "get";
  public static final String INSERT = "insert";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";
  public static final String BATCH = "batch";
  public static final String TOKEN = "token";
  /** Calls refused because the user's quota was spent. */
  public static final String QUOTA_REFUSED = "quotaRefused";
  /**
   * Google's 403 for attendees on an event written by a service account acting as itself: domain calendar,
   * reason forbiddenForServiceAccounts, "Service accounts cannot invite attendees without Domain-Wide Delegation
   * of Authority." (bodies quoted in spatie/laravel-google-calendar#242 and #159; googleapis/google-api-ruby-client
   * #14631). Whether Google also refuses a patch that repeats attendees already on the event is not documented;
   * the fake refuses any insert or patch whose body carries a non-empty attendee list.
   */
  public static final String FORBIDDEN_FOR_SERVICE_ACCOUNTS = "forbiddenForServiceAccounts";

  private final CalendarStore store;
  private final CalendarFaults faults = new CalendarFaults();
  private final CallCounters counters = new CallCounters();
  private final QuotaMeter quota = new QuotaMeter();
  private final TokenEndpoint tokens;
  private final EventsApi events;
  private final CalendarHttp http;

  private FakeCalendar(Clock clock) throws IOException {
    this.store = new CalendarStore(clock);
    this.tokens = new TokenEndpoint(store, faults);
    this.events = new EventsApi(store, tokens, faults, counters, quota);
    this.http = new CalendarHttp(store, events, tokens, faults, counters);
  }

  public static FakeCalendar start(Clock clock) throws IOException {
    return new FakeCalendar(clock);
  }

  /** The API root, for Calendar.Builder#setRootUrl. */
  public String rootUrl() {
    return "http://127.0.0.1:" + http.port() + "/";
  }

  public String tokenUri() {
    return rootUrl() + "token";
  }

  @Override
  public void close() {
    faults.releaseAll();
    http.stop();
  }

  // ---- test API: setup ----------------------------------------------------------------------------------------

  public FakeCalendar addCalendar(String calendarId) {
    store.addCalendar(calendarId);
    return this;
  }

  /** Accept JWTs signed by this key. */
  public FakeCalendar trust(ServiceAccountKey key) {
    tokens.trust(key);
    return this;
  }

  /** How many events one list page holds at most (Google: maxResults, at most 2500). */
  public FakeCalendar pageSize(int size) {
    events.pageSize(size);
    return this;
  }

  /**
   * Enforces Google's per-user per-minute quota: at most {@code units} quota units per user over any sliding
   * minute of the fake's clock (Google: "Quotas are calculated per minute using a sliding window", 600 a user by
   * default; developers.google.com/calendar/api/guides/quota). A call beyond it is answered with the status
   * (403 or 429) and usageLimits reason given (rateLimitExceeded or userRateLimitExceeded, as the errors guide
   * lists) and is not applied. Off by default, since most tests hold the fake's clock still.
   */
  public FakeCalendar quotaPerUser(int units, int status, String reason) {
    quota.limit(units, status, reason);
    return this;
  }

  public FakeCalendar fault(FaultRule rule) {
    faults.add(rule);
    return this;
  }

  /** Applies the next n inserts, then closes the connection without answering (a crash after the write). */
  public FakeCalendar dropReplyAfterInsert(int times) {
    faults.dropReplyAfterInsert(times);
    return this;
  }

  /**
   * Applies the next n inserts, then keeps their replies back (up to two minutes, or until {@link #close}), as
   * a Google front end does while the caller's process is being killed: the event exists, the caller has not
   * heard so. {@link #heldInserts()} says how many are held.
   */
  public FakeCalendar holdRepliesAfterInsert(int times) {
    faults.holdRepliesAfterInsert(times);
    return this;
  }

  /** Inserts applied whose replies were held by {@link #holdRepliesAfterInsert}. */
  public int heldInserts() {
    return faults.heldInserts();
  }

  /** Answers the next n HTTP requests only after the delay. */
  public FakeCalendar slowAnswers(Duration delay, int times) {
    faults.slowAnswers(delay, times);
    return this;
  }

  // ---- test API: state ----------------------------------------------------------------------------------------

  /** The calendars the fake holds, in the order they were added. */
  public List<String> calendarIds() {
    return store.calendarIds();
  }

  /** Every event of a calendar, deleted ones included, as JSON maps. */
  public List<Map<String, Object>> events(String calendarId) {
    return store.events(calendarId);
  }

  /** The events that are not deleted. */
  public List<Map<String, Object>> liveEvents(String calendarId) {
    return events(calendarId).stream().filter(e -> !"cancelled".equals(e.get("status"))).toList();
  }

  public Optional<Map<String, Object>> event(String calendarId, String eventId) {
    return store.event(calendarId, eventId);
  }

  /** An attendee answers the invitation. */
  public void respond(String calendarId, String eventId, String email, String responseStatus) {
    store.respond(calendarId, eventId, email, responseStatus);
  }

  /** Someone adds an attendee entry (any fields: organizer, self, comment, ...) in the Calendar UI. */
  public void addAttendeeByHand(String calendarId, String eventId, Map<String, Object> attendee) {
    store.addAttendeeByHand(calendarId, eventId, attendee);
  }

  /** An attendee sets one of their own fields (comment, displayName, optional, additionalGuests). */
  public void editAttendeeByHand(String calendarId, String eventId, String email, String field, Object value) {
    store.editAttendeeByHand(calendarId, eventId, email, field, value);
  }

  /** Someone drags the event to another time in the Calendar UI. */
  public void moveByHand(String calendarId, String eventId, Instant start, Instant end) {
    store.moveByHand(calendarId, eventId, start, end);
  }

  /** Someone edits a top-level field (summary, description, ...) in the Calendar UI. */
  public void editByHand(String calendarId, String eventId, String field, String value) {
    store.editByHand(calendarId, eventId, field, value);
  }

  /** Someone deletes the event in the Calendar UI: it turns cancelled. */
  public void deleteByHand(String calendarId, String eventId) {
    store.deleteByHand(calendarId, eventId);
  }

  /** Puts an event straight into the store, as if someone else had created it with that id. */
  public void putByHand(String calendarId, Map<String, Object> event) {
    store.putByHand(calendarId, event);
  }

  // ---- test API: counters -------------------------------------------------------------------------------------

  /**
   * One events API call the fake answered: its kind (list, insert...), the calendar, when it arrived
   * ({@link System#nanoTime()}), and the batch request it came in (numbered from 1; 0 when it was a request of its
   * own), so that calls and HTTP requests can be counted by calendar.
   */
  public record Call(String kind, String calendarId, long nanos, int batch) {}

  /** Every events API call since the last {@link #resetCounters()}, in arrival order. */
  public List<Call> calls() {
    return counters.calls();
  }

  /** Calls of a kind: list, get, insert, patch, delete (each call inside a batch counts), batch, token. */
  public int count(String kind) {
    return counters.count(kind);
  }

  /** Quota units a user (the impersonated user, or the service account's email) has spent in all. */
  public int unitsSpent(String user) {
    return quota.unitsSpent(user);
  }

  /** The sendUpdates parameter of every write, in order. */
  public List<String> sendUpdates() {
    return counters.sendUpdates();
  }

  /** HTTP requests to the API (a batch is one), not counting the token endpoint. */
  public int httpRequests() {
    return counters.httpRequests();
  }

  public void resetCounters() {
    counters.reset();
  }

  /** The claims of every JWT the token endpoint accepted. */
  public List<Map<String, Object>> tokenClaims() {
    return tokens.tokenClaims();
  }
}
