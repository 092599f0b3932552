package dev.study.operator.testing.calendar;

import static dev.study.operator.testing.calendar.FakeCalendar.DELETE;
import static dev.study.operator.testing.calendar.FakeCalendar.FORBIDDEN_FOR_SERVICE_ACCOUNTS;
import static dev.study.operator.testing.calendar.FakeCalendar.GET;
import static dev.study.operator.testing.calendar.FakeCalendar.INSERT;
import static dev.study.operator.testing.calendar.FakeCalendar.LIST;
import static dev.study.operator.testing.calendar.FakeCalendar.PATCH;
import static dev.study.operator.testing.calendar.FakeCalendar.QUOTA_REFUSED;
import static dev.study.operator.testing.calendar.GoogleErrors.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.study.operator.testing.calendar.GoogleErrors.Reply;
import dev.study.operator.testing.calendar.TokenEndpoint.Caller;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Events list, get, insert, patch and delete under {@code /calendar/v3/calendars/{calendarId}/events}, as strict
 * as Google where the operator relies on it: the caller's token, its quota, attendees only with delegation,
 * If-Match against the etag, id rules and 409 on a taken id, deletion as cancellation (410 the second time).
 */
final class EventsApi {
  /** Quota units per call: "each patch request consumes three quota units" (events.patch); others one. */
  private static final Map<String, Integer> UNITS = Map.of(PATCH, 3);
  private static final Pattern EVENT_ID = Pattern.compile("^[a-v0-9]{5,1024}$");
  private static final String EVENTS_PREFIX = "/calendar/v3/calendars/";

  private final CalendarStore store;
  private final TokenEndpoint tokens;
  private final CalendarFaults faults;
  private final CallCounters counters;
  private final QuotaMeter quota;
  private volatile int pageSize = 250;

  EventsApi(CalendarStore store, TokenEndpoint tokens, CalendarFaults faults, CallCounters counters, QuotaMeter quota) {
    this.store = store;
    this.tokens = tokens;
    this.faults = faults;
    this.counters = counters;
    this.quota = quota;
  }

  void pageSize(int size) {
    this.pageSize = size;
  }

  Reply call(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
      throws IOException {
    if (!rawPath.startsWith(EVENTS_PREFIX)) {
      return Reply.error(404, "notFound");
    }
    String[] segments = rawPath.substring(EVENTS_PREFIX.length()).split("/");
    if (segments.length < 2 || !segments[1].equals("events")) {
      return Reply.error(404, "notFound");
    }
    String calendarId = QueryString.decode(segments[0]);
    String eventId = segments.length > 2 ? QueryString.decode(segments[2]) : null;
    String kind = switch (method) {
      case "GET" -> eventId == null ? LIST : GET;
      case "POST" -> INSERT;
      case "PATCH" -> PATCH;
      case "DELETE" -> DELETE;
      default -> "other";
    };
    counters.call(kind, calendarId);
    Caller caller = tokens.caller(headers.getOrDefault("authorization", ""));
    if (caller == null) {
      return Reply.error(401, "authError");
    }
    FaultRule fault = faults.faultFor(kind, rawPath);
    if (fault != null) {
      return Reply.error(fault.status(), fault.reason());
    }
    QueryString query = QueryString.parse(rawQuery);
    if (!kind.equals(LIST) && !kind.equals(GET)) {
      counters.sendUpdates(Optional.ofNullable(query.first("sendUpdates")).orElse("(unset)"));
    }
    synchronized (store) {
      if (!quota.spend(caller.user(), UNITS.getOrDefault(kind, 1), store.clock().millis())) {
        counters.record(QUOTA_REFUSED);
        return Reply.error(quota.status(), quota.reason());
      }
      Map<String, ObjectNode> events = store.eventsOf(calendarId);
      if (events == null) {
        return Reply.error(404, "notFound");
      }
      if ((kind.equals(INSERT) || kind.equals(PATCH)) && !caller.delegated() && invitesAttendees(body)) {
        return Reply.of(403, GoogleErrors.error(403, FORBIDDEN_FOR_SERVICE_ACCOUNTS,
            "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority."));
      }
      if ((kind.equals(PATCH) || kind.equals(DELETE)) && events.containsKey(eventId)
          && !ifMatch(headers.get("if-match"), events.get(eventId))) {
        // Google: "Otherwise, you will get a 412 (Precondition failed) response code" (version-resources guide);
        // the body's reason is not documented, conditionNotMet is what Google APIs use for 412
        return Reply.of(412, GoogleErrors.error(412, "conditionNotMet", "Precondition Failed"));
      }
      return switch (kind) {
        case LIST -> Reply.of(200, list(events, query));
        case GET -> events.containsKey(eventId) ? Reply.of(200, events.get(eventId)) : Reply.error(404, "notFound");
        case INSERT -> insert(calendarId, events, body);
        case PATCH -> patch(events, eventId, body);
        case DELETE -> delete(events, eventId);
        default -> Reply.error(405, "methodNotAllowed");
      };
    }
  }

  private static boolean invitesAttendees(byte[] body) throws IOException {
    JsonNode attendees = body.length == 0 ? null : JSON.readTree(body).get("attendees");
    return attendees != null && attendees.isArray() && !attendees.isEmpty();
  }

  /** No If-Match always matches; otherwise it must be the event's current etag (or *). */
  private static boolean ifMatch(String header, ObjectNode event) {
    return header == null || header.equals("*") || header.equals(event.path("etag").asText());
  }

  private JsonNode list(Map<String, ObjectNode> events, QueryString query) {
    boolean showDeleted = "true".equals(query.first("showDeleted"));
    List<String> wanted = query.all("privateExtendedProperty");
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
        Optional.ofNullable(query.first("maxResults")).orElse("250"))));
    int from = Integer.parseInt(Optional.ofNullable(query.first("pageToken")).map(t -> t.substring(1)).orElse("0"));
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
      id = "fake" + Integer.toString(store.next(), 32) + "00000";
      event.put("id", id);
    }
    if (!EVENT_ID.matcher(id).matches()) {
      return Reply.of(400, GoogleErrors.error(400, "invalid", "Invalid resource id value."));
    }
    if (events.containsKey(id)) {
      return Reply.of(409, GoogleErrors.error(409, "duplicate", "The requested identifier already exists."));
    }
    if (!event.has("status")) {
      event.put("status", "confirmed");
    }
    store.decorate(calendarId, event);
    events.put(id, event);
    boolean drop = faults.afterInsert();
    return new Reply(200, event.toString(), drop);
  }

  private Reply patch(Map<String, ObjectNode> events, String eventId, byte[] body) throws IOException {
    ObjectNode event = events.get(eventId);
    if (event == null) {
      return Reply.error(404, "notFound");
    }
    ObjectNode changes = (ObjectNode) JSON.readTree(body);
    changes.remove("id");
    event.setAll(changes);
    CalendarStore.defaultResponses(event);
    event.put("sequence", event.path("sequence").asInt() + 1);
    store.touch(event);
    return Reply.of(200, event);
  }

  private Reply delete(Map<String, ObjectNode> events, String eventId) {
    ObjectNode event = events.get(eventId);
    if (event == null) {
      return Reply.error(404, "notFound");
    }
    if ("cancelled".equals(event.path("status").asText())) {
      return Reply.of(410, GoogleErrors.error(410, "deleted", "Resource has been deleted"));
    }
    event.put("status", "cancelled");
    store.touch(event);
    return new Reply(204, null, false);
  }
}
