package dev.study.operator.testing.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

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
  /** Quota units per call: "each patch request consumes three quota units" (events.patch); others one. */
  private static final Map<String, Integer> UNITS = Map.of(PATCH, 3);
  private static final Duration QUOTA_WINDOW = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_ID = Pattern.compile("^[a-v0-9]{5,1024}$");
  private static final String EVENTS_PREFIX = "/calendar/v3/calendars/";
  private static final String BATCH_PATH = "/batch/calendar/v3";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Clock clock;
  private final Map<String, Map<String, ObjectNode>> calendars = new LinkedHashMap<>();
  private final Map<String, RSAPublicKey> trustedKeys = new ConcurrentHashMap<>();
  private final Map<String, String> trustedKeyIds = new ConcurrentHashMap<>();
  /** Access token to the caller it was minted for. */
  private final Map<String, Caller> issuedTokens = new ConcurrentHashMap<>();
  private final Map<String, List<long[]>> spentUnits = new HashMap<>();
  private final Map<String, Integer> unitsByUser = new ConcurrentHashMap<>();
  private final List<String> sendUpdates = new CopyOnWriteArrayList<>();
  private volatile int quotaUnits;
  private volatile int quotaStatus;
  private volatile String quotaReason;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> tokenClaims = new CopyOnWriteArrayList<>();
  private final AtomicInteger dropInsertReplies = new AtomicInteger();
  private final AtomicInteger holdInsertReplies = new AtomicInteger();
  private final AtomicInteger heldInserts = new AtomicInteger();
  private final CountDownLatch releaseHeld = new CountDownLatch(1);
  /** Set by insert() on the handling thread when its reply is to be held; read outside the lock. */
  private final ThreadLocal<Boolean> holdThisReply = ThreadLocal.withInitial(() -> false);
  private final AtomicInteger slowAnswers = new AtomicInteger();
  private volatile Duration slowBy = Duration.ZERO;
  private volatile int pageSize = 250;
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger batches = new AtomicInteger();
  /** The batch the handling thread is answering the parts of; 0 outside a batch. */
  private final ThreadLocal<Integer> currentBatch = ThreadLocal.withInitial(() -> 0);

  /**
   * One events API call the fake answered: its kind (list, insert...), the calendar, when it arrived
   * ({@link System#nanoTime()}), and the batch request it came in (numbered from 1; 0 when it was a request of its
   * own), so that calls and HTTP requests can be counted by calendar.
   */
  public record Call(String kind, String calendarId, long nanos, int batch) {}

  /** Who a token speaks for: the impersonated user (delegated, the JWT had sub) or the service account itself. */
  private record Caller(String user, boolean delegated) {}

  private FakeCalendar(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static FakeCalendar start(Clock clock) throws IOException {
    return new FakeCalendar(clock);
  }

  /** The API root, for Calendar.Builder#setRootUrl. */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public String tokenUri() {
    return rootUrl() + "token";
  }

  @Override
  public void close() {
    releaseHeld.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- test API: setup ----------------------------------------------------------------------------------------

  public synchronized FakeCalendar addCalendar(String calendarId) {
    calendars.putIfAbsent(calendarId, new LinkedHashMap<>());
    return this;
  }

  /** Accept JWTs signed by this key. */
  public FakeCalendar trust(ServiceAccountKey key) {
    trustedKeys.put(key.clientEmail(), key.publicKey());
    trustedKeyIds.put(key.clientEmail(), key.keyId());
    return this;
  }

  /** How many events one list page holds at most (Google: maxResults, at most 2500). */
  public FakeCalendar pageSize(int size) {
    this.pageSize = size;
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
    this.quotaStatus = status;
    this.quotaReason = reason;
    this.quotaUnits = units;
    return this;
  }

  public FakeCalendar fault(FaultRule rule) {
    faults.add(rule);
    return this;
  }

  /** Applies the next n inserts, then closes the connection without answering (a crash after the write). */
  public FakeCalendar dropReplyAfterInsert(int times) {
    dropInsertReplies.set(times);
    return this;
  }

  /**
   * Applies the next n inserts, then keeps their replies back (up to two minutes, or until {@link #close}), as
   * a Google front end does while the caller's process is being killed: the event exists, the caller has not
   * heard so. {@link #heldInserts()} says how many are held.
   */
  public FakeCalendar holdRepliesAfterInsert(int times) {
    holdInsertReplies.set(times);
    return this;
  }

  /** Inserts applied whose replies were held by {@link #holdRepliesAfterInsert}. */
  public int heldInserts() {
    return heldInserts.get();
  }

  /** Answers the next n HTTP requests only after the delay. */
  public FakeCalendar slowAnswers(Duration delay, int times) {
    slowBy = delay;
    slowAnswers.set(times);
    return this;
  }

  // ---- test API: state ----------------------------------------------------------------------------------------

  /** The calendars the fake holds, in the order they were added. */
  public synchronized List<String> calendarIds() {
    return List.copyOf(calendars.keySet());
  }

  /** Every event of a calendar, deleted ones included, as JSON maps. */
  @SuppressWarnings("unchecked")
  public synchronized List<Map<String, Object>> events(String calendarId) {
    List<Map<String, Object>> out = new ArrayList<>();
    calendars.getOrDefault(calendarId, Map.of()).values().forEach(e -> out.add(JSON.convertValue(e, Map.class)));
    return out;
  }

  /** The events that are not deleted. */
  public List<Map<String, Object>> liveEvents(String calendarId) {
    return events(calendarId).stream().filter(e -> !"cancelled".equals(e.get("status"))).toList();
  }

  @SuppressWarnings("unchecked")
  public synchronized Optional<Map<String, Object>> event(String calendarId, String eventId) {
    ObjectNode e = calendars.getOrDefault(calendarId, Map.of()).get(eventId);
    return Optional.ofNullable(e).map(n -> JSON.convertValue(n, Map.class));
  }

  /** An attendee answers the invitation. */
  public synchronized void respond(String calendarId, String eventId, String email, String responseStatus) {
    ObjectNode event = existing(calendarId, eventId);
    for (JsonNode a : event.withArray("attendees")) {
      if (email.equalsIgnoreCase(a.path("email").asText())) {
        ((ObjectNode) a).put("responseStatus", responseStatus);
      }
    }
    touch(event);
  }

  /** Someone adds an attendee entry (any fields: organizer, self, comment, ...) in the Calendar UI. */
  public synchronized void addAttendeeByHand(String calendarId, String eventId, Map<String, Object> attendee) {
    ObjectNode event = existing(calendarId, eventId);
    event.withArray("attendees").add(JSON.valueToTree(attendee));
    touch(event);
  }

  /** An attendee sets one of their own fields (comment, displayName, optional, additionalGuests). */
  public synchronized void editAttendeeByHand(String calendarId, String eventId, String email, String field,
      Object value) {
    ObjectNode event = existing(calendarId, eventId);
    for (JsonNode a : event.withArray("attendees")) {
      if (email.equalsIgnoreCase(a.path("email").asText())) {
        ((ObjectNode) a).set(field, JSON.valueToTree(value));
      }
    }
    touch(event);
  }

  /** Someone drags the event to another time in the Calendar UI. */
  public synchronized void moveByHand(String calendarId, String eventId, Instant start, Instant end) {
    ObjectNode event = existing(calendarId, eventId);
    event.withObject("start").put("dateTime", start.toString());
    event.withObject("end").put("dateTime", end.toString());
    touch(event);
  }

  /** Someone edits a top-level field (summary, description, ...) in the Calendar UI. */
  public synchronized void editByHand(String calendarId, String eventId, String field, String value) {
    ObjectNode event = existing(calendarId, eventId);
    event.put(field, value);
    touch(event);
  }

  /** Someone deletes the event in the Calendar UI: it turns cancelled. */
  public synchronized void deleteByHand(String calendarId, String eventId) {
    ObjectNode event = existing(calendarId, eventId);
    event.put("status", "cancelled");
    touch(event);
  }

  /** Puts an event straight into the store, as if someone else had created it with that id. */
  public synchronized void putByHand(String calendarId, Map<String, Object> event) {
    ObjectNode node = JSON.valueToTree(event);
    decorate(calendarId, node);
    calendars.get(calendarId).put(node.path("id").asText(), node);
  }

  // ---- test API: counters -------------------------------------------------------------------------------------

  /** Calls of a kind: list, get, insert, patch, delete (each call inside a batch counts), batch, token. */
  public int count(String kind) {
    AtomicInteger n = counts.get(kind);
    return n == null ? 0 : n.get();
  }

  /** Quota units a user (the impersonated user, or the service account's email) has spent in all. */
  public int unitsSpent(String user) {
    return unitsByUser.getOrDefault(user, 0);
  }

  /** The sendUpdates parameter of every write, in order. */
  public List<String> sendUpdates() {
    return List.copyOf(sendUpdates);
  }

  /** HTTP requests to the API (a batch is one), not counting the token endpoint. */
  public int httpRequests() {
    return httpRequests.get();
  }

  /** Every events API call since the last {@link #resetCounters()}, in arrival order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public void resetCounters() {
    calls.clear();
    counts.clear();
    sendUpdates.clear();
    httpRequests.set(0);
  }

  /** The claims of every JWT the token endpoint accepted. */
  public List<Map<String, Object>> tokenClaims() {
    return List.copyOf(tokenClaims);
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------------

  private record Reply(int status, String json, boolean drop) {
    static Reply of(int status, JsonNode body) {
      return new Reply(status, body == null ? null : body.toString(), false);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      awaitSlowness();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      byte[] body = decoded(exchange.getRequestBody().readAllBytes(), headers.get("content-encoding"));
      if (path.equals("/token")) {
        record(TOKEN);
        send(exchange, token(new String(body, StandardCharsets.UTF_8)), "application/json; charset=UTF-8");
        return;
      }
      httpRequests.incrementAndGet();
      if (path.equals(BATCH_PATH) && "POST".equals(exchange.getRequestMethod())) {
        record(BATCH);
        FaultRule fault = faultFor(BATCH, path);
        if (fault != null) {
          send(exchange, Reply.of(fault.status(), error(fault.status(), fault.reason())), "application/json; charset=UTF-8");
          return;
        }
        batch(exchange, headers, body);
        return;
      }
      String method = headers.getOrDefault("x-http-method-override", exchange.getRequestMethod());
      Reply reply = api(method, path, exchange.getRequestURI().getRawQuery(), headers, body);
      awaitReleaseIfHeld();
      if (reply.drop()) {
        return; // closing the exchange without a reply drops the connection
      }
      send(exchange, reply, "application/json; charset=UTF-8");
    }
  }

  /** Outside the fake's lock, so the rest of the fake keeps answering while one reply is held. */
  private void awaitReleaseIfHeld() {
    if (!holdThisReply.get()) {
      return;
    }
    holdThisReply.set(false);
    try {
      releaseHeld.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitSlowness() {
    if (slowAnswers.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
      try {
        // the fake's own latency, not a test waiting: nothing ever counts the latch down
        new CountDownLatch(1).await(slowBy.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void send(HttpExchange exchange, Reply reply, String contentType) throws IOException {
    if (reply.json() == null) {
      exchange.sendResponseHeaders(reply.status(), -1);
      return;
    }
    byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] decoded(byte[] body, String encoding) throws IOException {
    if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("gzip") || body.length == 0) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  // ---- batch --------------------------------------------------------------------------------------------------

  /**
   * Parses multipart/mixed parts, each an HTTP request with an absolute URL, runs them in order, and answers
   * one application/http part per request, in the same order.
   */
  private void batch(HttpExchange exchange, Map<String, String> headers, byte[] body) throws IOException {
    String boundary = boundaryOf(headers.getOrDefault("content-type", ""));
    // ISO-8859-1 keeps bytes one to one, so a gzipped part body survives the split
    String text = new String(body, StandardCharsets.ISO_8859_1);
    List<Reply> replies = new ArrayList<>();
    boolean drop = false;
    currentBatch.set(batches.incrementAndGet());
    try {
      for (String part : text.split("--" + Pattern.quote(boundary))) {
        String trimmed = part.strip();
        if (trimmed.isEmpty() || trimmed.equals("--")) {
          continue;
        }
        Reply reply = batchPart(part);
        drop |= reply.drop();
        replies.add(reply);
      }
    } finally {
      currentBatch.set(0);
    }
    awaitReleaseIfHeld();
    if (drop) {
      return;
    }
    String outBoundary = "batch_" + Integer.toHexString(sequence.incrementAndGet()) + "_fake";
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (Reply r : replies) {
      n++;
      out.append("--").append(outBoundary).append("\r\n")
          .append("Content-Type: application/http\r\n")
          .append("Content-ID: response-").append(n).append("\r\n\r\n")
          .append("HTTP/1.1 ").append(r.status()).append(' ').append(statusText(r.status())).append("\r\n");
      if (r.json() != null) {
        byte[] json = r.json().getBytes(StandardCharsets.UTF_8);
        out.append("Content-Type: application/json; charset=UTF-8\r\n")
            .append("Content-Length: ").append(json.length).append("\r\n\r\n")
            .append(r.json()).append("\r\n");
      } else {
        out.append("Content-Length: 0\r\n\r\n\r\n");
      }
    }
    out.append("--").append(outBoundary).append("--\r\n");
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "multipart/mixed; boundary=" + outBoundary);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  private Reply batchPart(String part) throws IOException {
    String normalized = part.replace("\r\n", "\n");
    int partHeadersEnd = normalized.indexOf("\n\n");
    String http = normalized.substring(partHeadersEnd + 2);
    int headEnd = http.indexOf("\n\n");
    String head = headEnd < 0 ? http : http.substring(0, headEnd);
    String bodyText = headEnd < 0 ? "" : http.substring(headEnd + 2);
    if (bodyText.endsWith("\n")) {
      bodyText = bodyText.substring(0, bodyText.length() - 1);
    }
    String[] lines = head.strip().split("\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    URI uri = URI.create(requestLine[1]);
    byte[] body = decoded(bodyText.getBytes(StandardCharsets.ISO_8859_1), headers.get("content-encoding"));
    String method = headers.getOrDefault("x-http-method-override", requestLine[0]);
    return api(method, uri.getRawPath(), uri.getRawQuery(), headers, body);
  }

  private static String boundaryOf(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.startsWith("boundary=")) {
        return p.substring("boundary=".length()).replace("\"", "");
      }
    }
    throw new IllegalArgumentException("multipart without boundary: " + contentType);
  }

  // ---- events API ---------------------------------------------------------------------------------------------

  private Reply api(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
      throws IOException {
    if (!rawPath.startsWith(EVENTS_PREFIX)) {
      return Reply.of(404, error(404, "notFound"));
    }
    String[] segments = rawPath.substring(EVENTS_PREFIX.length()).split("/");
    if (segments.length < 2 || !segments[1].equals("events")) {
      return Reply.of(404, error(404, "notFound"));
    }
    String calendarId = decode(segments[0]);
    String eventId = segments.length > 2 ? decode(segments[2]) : null;
    String kind = switch (method) {
      case "GET" -> eventId == null ? LIST : GET;
      case "POST" -> INSERT;
      case "PATCH" -> PATCH;
      case "DELETE" -> DELETE;
      default -> "other";
    };
    record(kind);
    calls.add(new Call(kind, calendarId, System.nanoTime(), currentBatch.get()));
    String auth = headers.getOrDefault("authorization", "");
    Caller caller = auth.startsWith("Bearer ") ? issuedTokens.get(auth.substring("Bearer ".length())) : null;
    if (caller == null) {
      return Reply.of(401, error(401, "authError"));
    }
    FaultRule fault = faultFor(kind, rawPath);
    if (fault != null) {
      return Reply.of(fault.status(), error(fault.status(), fault.reason()));
    }
    Map<String, List<String>> query = query(rawQuery);
    if (!kind.equals(LIST) && !kind.equals(GET)) {
      sendUpdates.add(Optional.ofNullable(first(query, "sendUpdates")).orElse("(unset)"));
    }
    synchronized (this) {
      if (!spend(caller.user(), UNITS.getOrDefault(kind, 1))) {
        record(QUOTA_REFUSED);
        return Reply.of(quotaStatus, error(quotaStatus, quotaReason));
      }
      Map<String, ObjectNode> events = calendars.get(calendarId);
      if (events == null) {
        return Reply.of(404, error(404, "notFound"));
      }
      if ((kind.equals(INSERT) || kind.equals(PATCH)) && !caller.delegated() && invitesAttendees(body)) {
        return Reply.of(403, error(403, FORBIDDEN_FOR_SERVICE_ACCOUNTS,
            "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority."));
      }
      if ((kind.equals(PATCH) || kind.equals(DELETE)) && events.containsKey(eventId)
          && !ifMatch(headers.get("if-match"), events.get(eventId))) {
        // Google: "Otherwise, you will get a 412 (Precondition failed) response code" (version-resources guide);
        // the body's reason is not documented, conditionNotMet is what Google APIs use for 412
        return Reply.of(412, error(412, "conditionNotMet", "Precondition Failed"));
      }
      return switch (kind) {
        case LIST -> Reply.of(200, list(events, query));
        case GET -> events.containsKey(eventId) ? Reply.of(200, events.get(eventId)) : Reply.of(404, error(404, "notFound"));
        case INSERT -> insert(calendarId, events, body);
        case PATCH -> patch(events, eventId, body);
        case DELETE -> delete(events, eventId);
        default -> Reply.of(405, error(405, "methodNotAllowed"));
      };
    }
  }

  /** Takes the call's units from the user's sliding minute; false (nothing taken) when that would exceed it. */
  private boolean spend(String user, int units) {
    long now = clock.millis();
    List<long[]> spent = spentUnits.computeIfAbsent(user, u -> new ArrayList<>());
    spent.removeIf(entry -> entry[0] <= now - QUOTA_WINDOW.toMillis());
    int inWindow = spent.stream().mapToInt(entry -> (int) entry[1]).sum();
    if (quotaUnits > 0 && inWindow + units > quotaUnits) {
      return false;
    }
    spent.add(new long[] {now, units});
    unitsByUser.merge(user, units, Integer::sum);
    return true;
  }

  private static boolean invitesAttendees(byte[] body) throws IOException {
    JsonNode attendees = body.length == 0 ? null : JSON.readTree(body).get("attendees");
    return attendees != null && attendees.isArray() && !attendees.isEmpty();
  }

  /** No If-Match always matches; otherwise it must be the event's current etag (or *). */
  private static boolean ifMatch(String header, ObjectNode event) {
    return header == null || header.equals("*") || header.equals(event.path("etag").asText());
  }

  private JsonNode list(Map<String, ObjectNode> events, Map<String, List<String>> query) {
    boolean showDeleted = "true".equals(first(query, "showDeleted"));
    List<String> wanted = query.getOrDefault("privateExtendedProperty", List.of());
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode e : events.values()) {
      boolean cancelled = "cancelled".equals(e.path("status").asText());
      if (cancelled && !showDeleted) {
        continue;
      }
      JsonNode props = e.path("extendedProperties").path("private");
      boolean ok = wanted.stream().allMatch(kv -> {
        int eq = kv.indexOf('=');
        return eq > 0 && kv.substring(eq + 1).equals(props.path(kv.substring(0, eq)).asText(null));
      });
      if (ok) {
        matching.add(e);
      }
    }
    int max = Math.min(pageSize, Math.min(2500, Integer.parseInt(
        Optional.ofNullable(first(query, "maxResults")).orElse("250"))));
    int from = Integer.parseInt(Optional.ofNullable(first(query, "pageToken")).map(t -> t.substring(1)).orElse("0"));
    ObjectNode page = JSON.createObjectNode().put("kind", "calendar#events");
    ArrayNode items = page.putArray("items");
    for (int i = from; i < Math.min(matching.size(), from + max); i++) {
      ObjectNode e = matching.get(i);
      if ("cancelled".equals(e.path("status").asText())) {
        // Google guarantees only the id of a deleted event
        items.addObject().put("kind", "calendar#event").put("id", e.path("id").asText()).put("status", "cancelled")
            .put("etag", e.path("etag").asText());
      } else {
        items.add(e.deepCopy());
      }
    }
    if (from + max < matching.size()) {
      page.put("nextPageToken", "p" + (from + max));
    }
    return page;
  }

  private Reply insert(String calendarId, Map<String, ObjectNode> events, byte[] body) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(body);
    String id = event.path("id").asText(null);
    if (id == null) {
      id = "fake" + Integer.toString(sequence.incrementAndGet(), 32) + "00000";
      event.put("id", id);
    }
    if (!EVENT_ID.matcher(id).matches()) {
      return Reply.of(400, error(400, "invalid", "Invalid resource id value."));
    }
    if (events.containsKey(id)) {
      return Reply.of(409, error(409, "duplicate", "The requested identifier already exists."));
    }
    if (!event.has("status")) {
      event.put("status", "confirmed");
    }
    decorate(calendarId, event);
    events.put(id, event);
    boolean drop = dropInsertReplies.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    if (holdInsertReplies.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
      heldInserts.incrementAndGet();
      holdThisReply.set(true);
    }
    return new Reply(200, event.toString(), drop);
  }

  private Reply patch(Map<String, ObjectNode> events, String eventId, byte[] body) throws IOException {
    ObjectNode event = events.get(eventId);
    if (event == null) {
      return Reply.of(404, error(404, "notFound"));
    }
    ObjectNode changes = (ObjectNode) JSON.readTree(body);
    changes.remove("id");
    event.setAll(changes);
    defaultResponses(event);
    event.put("sequence", event.path("sequence").asInt() + 1);
    touch(event);
    return Reply.of(200, event);
  }

  private Reply delete(Map<String, ObjectNode> events, String eventId) {
    ObjectNode event = events.get(eventId);
    if (event == null) {
      return Reply.of(404, error(404, "notFound"));
    }
    if ("cancelled".equals(event.path("status").asText())) {
      return Reply.of(410, error(410, "deleted", "Resource has been deleted"));
    }
    event.put("status", "cancelled");
    touch(event);
    return new Reply(204, null, false);
  }

  private void decorate(String calendarId, ObjectNode event) {
    String now = clock.instant().toString();
    event.put("kind", "calendar#event");
    event.put("created", now);
    event.put("htmlLink", "https://calendar.example/event?eid=" + event.path("id").asText());
    event.put("iCalUID", event.path("id").asText() + "@google.com");
    event.put("sequence", 0);
    event.putObject("organizer").put("email", calendarId).put("self", true);
    if (!event.has("status")) {
      event.put("status", "confirmed");
    }
    defaultResponses(event);
    touch(event);
  }

  private static void defaultResponses(ObjectNode event) {
    if (event.has("attendees")) {
      for (JsonNode a : event.withArray("attendees")) {
        if (!a.has("responseStatus")) {
          ((ObjectNode) a).put("responseStatus", "needsAction");
        }
      }
    }
  }

  private void touch(ObjectNode event) {
    event.put("updated", clock.instant().toString());
    event.put("etag", "\"" + sequence.incrementAndGet() + "\"");
  }

  private ObjectNode existing(String calendarId, String eventId) {
    ObjectNode event = calendars.getOrDefault(calendarId, Map.of()).get(eventId);
    if (event == null) {
      throw new IllegalArgumentException("no event " + eventId + " in " + calendarId);
    }
    return event;
  }

  // ---- token endpoint -----------------------------------------------------------------------------------------

  /** Verifies the service account's JWT (RS256, signed by a trusted key) and issues an access token. */
  private Reply token(String form) {
    Map<String, List<String>> params = query(form);
    FaultRule fault = faultFor(TOKEN, "/token");
    if (fault != null) {
      return Reply.of(fault.status(), JSON.createObjectNode().put("error", "server_error"));
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(first(params, "grant_type"))) {
      return tokenRefused("unsupported_grant_type", "Invalid grant_type");
    }
    String assertion = first(params, "assertion");
    String[] jwt = assertion == null ? new String[0] : assertion.split("\\.");
    if (jwt.length != 3) {
      return tokenRefused("invalid_grant", "Invalid JWT");
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(b64.decode(jwt[0]));
      JsonNode claims = JSON.readTree(b64.decode(jwt[1]));
      String issuer = claims.path("iss").asText();
      RSAPublicKey key = trustedKeys.get(issuer);
      if (key == null || !"RS256".equals(header.path("alg").asText())
          || !header.path("kid").asText().equals(trustedKeyIds.get(issuer))) {
        return tokenRefused("invalid_grant", "Invalid JWT Signature.");
      }
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(b64.decode(jwt[2]))) {
        return tokenRefused("invalid_grant", "Invalid JWT Signature.");
      }
      if (claims.path("exp").asLong() < clock.instant().getEpochSecond() - 300 && claims.path("exp").asLong()
          < Instant.now().getEpochSecond()) {
        return tokenRefused("invalid_grant", "Invalid JWT: Token must be a short-lived token");
      }
      if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/calendar")) {
        return tokenRefused("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
      }
      tokenClaims.add(JSON.convertValue(claims, Map.class));
      String token = "ya29.fake-" + Integer.toHexString(sequence.incrementAndGet());
      String subject = claims.path("sub").asText(null);
      issuedTokens.put(token, subject == null ? new Caller(issuer, false) : new Caller(subject, true));
      return Reply.of(200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
          .put("expires_in", 3599));
    } catch (Exception e) {
      return tokenRefused("invalid_grant", "Invalid JWT");
    }
  }

  private static Reply tokenRefused(String error, String description) {
    return Reply.of(400, JSON.createObjectNode().put("error", error).put("error_description", description));
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private FaultRule faultFor(String kind, String path) {
    for (FaultRule rule : faults) {
      if (rule.matches(kind, path)) {
        return rule;
      }
    }
    return null;
  }

  private void record(String kind) {
    counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Google's error body: {"error":{"code","message","errors":[{"domain","reason","message"}]}}. */
  static ObjectNode error(int code, String reason) {
    return error(code, reason, messageFor(reason));
  }

  static ObjectNode error(int code, String reason, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    String domain = switch (reason) {
      case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded" -> "usageLimits";
      case FORBIDDEN_FOR_SERVICE_ACCOUNTS -> "calendar";
      default -> "global";
    };
    error.putArray("errors").addObject().put("domain", domain).put("reason", reason).put("message", message);
    return body;
  }

  private static String messageFor(String reason) {
    return switch (reason) {
      case "rateLimitExceeded" -> "Rate Limit Exceeded";
      case "dailyLimitExceeded" -> "Daily Limit Exceeded";
      case "userRateLimitExceeded" -> "User Rate Limit Exceeded";
      case "notFound" -> "Not Found";
      case "duplicate" -> "The requested identifier already exists.";
      case "deleted" -> "Resource has been deleted";
      case "authError" -> "Invalid Credentials";
      case "forbidden", "requiredAccessLevel" -> "You need to have writer access to this calendar.";
      case "backendError" -> "Backend Error";
      default -> reason;
    };
  }

  private static String statusText(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> values = params.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
