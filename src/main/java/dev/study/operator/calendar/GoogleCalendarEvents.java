package dev.study.operator.calendar;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarScopes;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import com.google.api.services.calendar.model.Events;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.reconcile.SyncException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Calendar port over Google's own client. It reads a group's events with one paged events.list filtered by
 * the private ownership property, writes a plan in batch requests of at most 50 calls, paces itself with a
 * client-side token bucket, and retries rate limits and 5xx with exponential backoff and full jitter.
 *
 * <p>The scope is calendar.events: the narrowest one that lets it list, insert, patch and delete events of a
 * calendar shared with the service account (or owned by the impersonated user). The credentials never leave
 * Google's library: nothing here logs or reports them.
 *
 * <p>One instance acts as one calendar user (the service account, or the impersonated user), so one request
 * budget per instance is the per-user limit.
 */
public final class GoogleCalendarEvents implements CalendarEvents {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarEvents.class);
  /** Google rejects batches of more than 50 calls. */
  public static final int MAX_BATCH = 50;
  private static final int PAGE_SIZE = 2500;
  private static final int BURST = MAX_BATCH;
  private static final String LIST_FIELDS = "nextPageToken,items(id,status,summary,description,start,end,"
      + "attendees(email,responseStatus,displayName,comment,optional,self,organizer,resource),extendedProperties)";
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 30_000;

  private final CalendarSettings settings;
  private final GoogleCredentials credentials;
  private final Calendar calendar;
  private final RequestBudget budget;
  private final DoubleSupplier random;
  private final Sleeper sleeper;

  /** For production: real time, real randomness, real sleeps. */
  public static GoogleCalendarEvents create(CalendarSettings settings) {
    return new GoogleCalendarEvents(settings, () -> ThreadLocalRandom.current().nextDouble(), Sleeper.REAL,
        System::nanoTime);
  }

  public GoogleCalendarEvents(CalendarSettings settings, DoubleSupplier random, Sleeper sleeper, LongSupplier nanoTime) {
    this.settings = settings;
    this.random = random;
    this.sleeper = sleeper;
    this.credentials = loadCredentials(settings);
    this.budget = new RequestBudget(settings.requestsPerMinute(), Math.min(BURST, settings.requestsPerMinute()),
        nanoTime);
    HttpTransport transport = new NetHttpTransport();
    HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
    HttpRequestInitializer initializer = request -> {
      auth.initialize(request);
      request.setConnectTimeout(CONNECT_TIMEOUT_MS);
      request.setReadTimeout(READ_TIMEOUT_MS);
    };
    this.calendar = new Calendar.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
        .setRootUrl(settings.rootUrl())
        .setApplicationName("studygroup-operator")
        .build();
  }

  private static GoogleCredentials loadCredentials(CalendarSettings settings) {
    try (InputStream in = Files.newInputStream(settings.credentialsFile())) {
      GoogleCredentials scoped = ServiceAccountCredentials.fromStream(in).createScoped(CalendarScopes.CALENDAR_EVENTS);
      return settings.impersonateUser() == null ? scoped : scoped.createDelegated(settings.impersonateUser());
    } catch (IOException e) {
      // the parser's message may quote the file, so only its kind is reported
      throw new IllegalStateException("cannot read the Google service-account file " + settings.credentialsFile()
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public List<ObservedEvent> list(String calendarId, String ownerUid) throws SyncException {
    List<ObservedEvent> out = new ArrayList<>();
    String pageToken = null;
    do {
      String token = pageToken;
      Events page = call("list events of calendar " + calendarId, false, () -> calendar.events().list(calendarId)
          .setPrivateExtendedProperty(List.of(EventDiff.OWNER_PROPERTY + "=" + ownerUid))
          .setShowDeleted(true)
          .setMaxResults(PAGE_SIZE)
          .setPageToken(token)
          .setFields(LIST_FIELDS)
          .execute());
      if (page.getItems() != null) {
        page.getItems().forEach(e -> out.add(observed(e)));
      }
      pageToken = page.getNextPageToken();
    } while (pageToken != null && !pageToken.isEmpty());
    return out;
  }

  @Override
  public Optional<ObservedEvent> get(String calendarId, String eventId) throws SyncException {
    Event event = call("get event " + eventId, true, () -> calendar.events().get(calendarId, eventId).execute());
    return Optional.ofNullable(event).map(GoogleCalendarEvents::observed);
  }

  @Override
  public List<WriteResult> apply(String calendarId, SendUpdates sendUpdates, List<EventWrite> writes)
      throws SyncException {
    String notify = (sendUpdates == null ? SendUpdates.none : sendUpdates).name();
    WriteResult[] results = new WriteResult[writes.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      pending.add(i);
    }
    boolean anyAnswered = false;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<Integer, SyncException> retry = new LinkedHashMap<>();
      for (int from = 0; from < pending.size(); from += MAX_BATCH) {
        List<Integer> chunk = pending.subList(from, Math.min(pending.size(), from + MAX_BATCH));
        anyAnswered |= sendBatch(calendarId, notify, writes, chunk, results, retry);
      }
      if (retry.isEmpty()) {
        break;
      }
      if (attempt >= settings.attempts()) {
        SyncException last = retry.values().iterator().next();
        if (!anyAnswered) {
          throw giveUp(last);
        }
        retry.forEach((i, failure) -> results[i] = WriteResult.failed(writes.get(i), failure.reason(), failure.getMessage()));
        break;
      }
      LOG.debug("retrying {} of {} calendar writes (attempt {})", retry.size(), writes.size(), attempt + 1);
      backoff(attempt);
      pending = new ArrayList<>(retry.keySet());
    }
    return List.of(results);
  }

  /**
   * Sends one batch; fills in the final results and collects the writes worth another try. Returns whether
   * Google answered any part.
   */
  private boolean sendBatch(String calendarId, String notify, List<EventWrite> writes, List<Integer> chunk,
      WriteResult[] results, Map<Integer, SyncException> retry) throws SyncException {
    ensureToken();
    pace(chunk.size());
    boolean[] answered = new boolean[chunk.size()];
    try {
      BatchRequest batch = calendar.batch();
      for (int k = 0; k < chunk.size(); k++) {
        int index = chunk.get(k);
        int slot = k;
        EventWrite write = writes.get(index);
        if (write instanceof EventWrite.Insert insert) {
          calendar.events()
              .insert(calendarId, event(insert.event(), EventDiff.newAttendees(insert.event()), insert.ownerUid())
                  .setId(insert.eventId()))
              .setSendUpdates(notify)
              .queue(batch, callback(write, index, slot, answered, results, retry));
        } else if (write instanceof EventWrite.Patch patch) {
          calendar.events()
              .patch(calendarId, patch.eventId(), event(patch.patch().desired(), patch.patch().attendees(),
                  patch.ownerUid()))
              .setSendUpdates(notify)
              .queue(batch, callback(write, index, slot, answered, results, retry));
        } else {
          calendar.events()
              .delete(calendarId, write.eventId())
              .setSendUpdates(notify)
              .queue(batch, this.<Void>callback(write, index, slot, answered, results, retry));
        }
      }
      batch.execute();
    } catch (IOException e) {
      LOG.debug("calendar batch of {} got no usable answer: {}", chunk.size(), e.getClass().getSimpleName());
    }
    boolean any = false;
    for (int k = 0; k < chunk.size(); k++) {
      int index = chunk.get(k);
      if (answered[k]) {
        any = true;
      } else if (results[index] == null && !retry.containsKey(index)) {
        // the batch failed as a whole or left this part unanswered: every write is safe to send again
        retry.put(index, SyncException.retryable(CalendarReasons.ERROR,
            "no answer from Google Calendar for " + describe(writes.get(index)), null));
      }
    }
    return any;
  }

  private <T> JsonBatchCallback<T> callback(EventWrite write, int index, int slot, boolean[] answered,
      WriteResult[] results, Map<Integer, SyncException> retry) {
    return new JsonBatchCallback<>() {
      @Override
      public void onSuccess(T body, HttpHeaders headers) {
        answered[slot] = true;
        results[index] = WriteResult.done(write);
      }

      @Override
      public void onFailure(GoogleJsonError error, HttpHeaders headers) {
        answered[slot] = true;
        int code = error.getCode();
        String reason = reasonOf(error);
        if (code == 409 && write instanceof EventWrite.Insert) {
          results[index] = new WriteResult(write, WriteResult.Outcome.EXISTS, null, null);
        } else if ((code == 404 || code == 410) && write instanceof EventWrite.Delete) {
          results[index] = new WriteResult(write, WriteResult.Outcome.GONE, null, null);
        } else {
          SyncException failure = classify(code, reason, describe(write), error.getMessage());
          if (failure.retryable()) {
            retry.put(index, failure);
          } else {
            results[index] = WriteResult.failed(write, failure.reason(), failure.getMessage());
          }
        }
      }
    };
  }

  /** A single call with the token check, pacing, and retries of rate limits, 5xx and lost answers. */
  private <T> T call(String what, boolean nullOnNotFound, IoCall<T> io) throws SyncException {
    for (int attempt = 1; ; attempt++) {
      ensureToken();
      pace(1);
      SyncException failure;
      try {
        return io.run();
      } catch (GoogleJsonResponseException e) {
        if (nullOnNotFound && (e.getStatusCode() == 404 || e.getStatusCode() == 410)) {
          return null;
        }
        String reason = e.getDetails() == null ? null : reasonOf(e.getDetails());
        String message = e.getDetails() == null ? e.getStatusMessage() : e.getDetails().getMessage();
        failure = classify(e.getStatusCode(), reason, what, message);
      } catch (IOException e) {
        failure = SyncException.retryable(CalendarReasons.ERROR,
            what + ": no answer from Google Calendar (" + e.getClass().getSimpleName() + ")", null);
      }
      if (!failure.retryable() || attempt >= settings.attempts()) {
        throw failure.retryable() ? giveUp(failure) : failure;
      }
      LOG.debug("{} failed with {}; retrying (attempt {})", what, failure.reason(), attempt + 1);
      backoff(attempt);
    }
  }

  /** Turns Google's answer into our reason; 404 here means the calendar, since event 404s are handled by callers. */
  static SyncException classify(int code, String reason, String what, String googleMessage) {
    String detail = what + ": HTTP " + code + (reason == null ? "" : " " + reason)
        + (googleMessage == null || googleMessage.isBlank() ? "" : " (" + googleMessage + ")");
    boolean rateLimit = code == 429 || (code == 403 && ("rateLimitExceeded".equals(reason)
        || "userRateLimitExceeded".equals(reason) || "quotaExceeded".equals(reason)));
    if (rateLimit) {
      return SyncException.retryable(CalendarReasons.RATE_LIMITED, detail, null);
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

  /**
   * Fetches a token now if there is none, so a refused service account is told apart from an API error. The
   * library's own message is not passed on: only the HTTP status of the token endpoint.
   */
  private void ensureToken() throws SyncException {
    try {
      credentials.refreshIfExpired();
    } catch (IOException e) {
      HttpResponseException http = httpCause(e);
      if (http == null) {
        throw SyncException.retryable(CalendarReasons.ERROR,
            "could not reach the token endpoint (" + e.getClass().getSimpleName() + ")", null);
      }
      if (http.getStatusCode() >= 500 || http.getStatusCode() == 429) {
        throw SyncException.retryable(CalendarReasons.ERROR,
            "the token endpoint failed with HTTP " + http.getStatusCode(), null);
      }
      throw SyncException.permanent(CalendarReasons.UNAUTHORIZED,
          "the token endpoint refused the service account's credentials (HTTP " + http.getStatusCode() + ")", null);
    }
  }

  private static HttpResponseException httpCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException http) {
        return http;
      }
    }
    return null;
  }

  private void pace(int permits) throws SyncException {
    Duration wait = budget.reserve(permits);
    if (!wait.isZero()) {
      LOG.debug("pacing calendar requests: waiting {} ms", wait.toMillis());
      sleep(wait);
    }
  }

  /** Full jitter: a uniform wait in [0, min(cap, base * 2^(attempt-1))]. */
  private void backoff(int attempt) throws SyncException {
    sleep(Duration.ofMillis((long) (random.getAsDouble() * ceiling(attempt).toMillis())));
  }

  Duration ceiling(int attempt) {
    long millis = settings.retryBase().toMillis();
    for (int i = 1; i < attempt && millis < settings.retryCap().toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, settings.retryCap().toMillis()));
  }

  private SyncException giveUp(SyncException last) {
    return new SyncException(last.reason(), last.getMessage() + "; gave up after " + settings.attempts() + " attempts",
        true, ceiling(settings.attempts() + 1), null);
  }

  private void sleep(Duration wait) throws SyncException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SyncException.retryable(CalendarReasons.ERROR, "interrupted while waiting to call Google Calendar", e);
    }
  }

  private static String reasonOf(GoogleJsonError error) {
    return error.getErrors() == null || error.getErrors().isEmpty() ? null : error.getErrors().get(0).getReason();
  }

  private static String describe(EventWrite write) {
    String verb = write instanceof EventWrite.Insert ? "create" : write instanceof EventWrite.Patch ? "patch" : "delete";
    return verb + " event " + write.eventId();
  }

  /** The body of an insert or a patch: every field the operator owns. */
  static Event event(DesiredEvent want, List<Attendee> attendees, String ownerUid) {
    List<EventAttendee> people = new ArrayList<>();
    for (Attendee a : attendees) {
      people.add(new EventAttendee().setEmail(a.email()).setResponseStatus(a.responseStatus()));
    }
    return new Event()
        .setStatus("confirmed")
        .setSummary(want.summary())
        .setDescription(want.description())
        .setStart(new EventDateTime().setDateTime(new DateTime(want.start().toEpochMilli())).setTimeZone(want.timeZone()))
        .setEnd(new EventDateTime().setDateTime(new DateTime(want.end().toEpochMilli())).setTimeZone(want.timeZone()))
        .setAttendees(people)
        .setExtendedProperties(new Event.ExtendedProperties().setPrivate(Map.of(EventDiff.OWNER_PROPERTY, ownerUid)));
  }

  static ObservedEvent observed(Event e) {
    Map<String, String> attendees = new LinkedHashMap<>();
    if (e.getAttendees() != null) {
      for (EventAttendee a : e.getAttendees()) {
        if (a.getEmail() != null && !Boolean.TRUE.equals(a.getResource())) {
          attendees.put(a.getEmail(), a.getResponseStatus() == null ? Attendee.NEEDS_ACTION : a.getResponseStatus());
        }
      }
    }
    String owner = e.getExtendedProperties() == null || e.getExtendedProperties().getPrivate() == null
        ? null
        : e.getExtendedProperties().getPrivate().get(EventDiff.OWNER_PROPERTY);
    return new ObservedEvent(e.getId(), ObservedEvent.Status.of(e.getStatus()), e.getSummary(), e.getDescription(),
        instant(e.getStart()), instant(e.getEnd()), e.getStart() == null ? null : e.getStart().getTimeZone(),
        attendees, owner);
  }

  private static Instant instant(EventDateTime t) {
    if (t == null) {
      return null;
    }
    DateTime value = t.getDateTime() != null ? t.getDateTime() : t.getDate();
    return value == null ? null : Instant.ofEpochMilli(value.getValue());
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T run() throws IOException;
  }
}
