package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
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
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarScopes;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.sync.SyncException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
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
 * client-side budget of quota units ({@link RequestPacer}), and retries rate limits and 5xx with exponential
 * backoff and full jitter for a few seconds at most; longer waits end the call with a retry-after.
 *
 * <p>The scope is calendar.events: the narrowest one that lets it list, insert, patch and delete events of a
 * calendar shared with the service account (or owned by the impersonated user). The credentials never leave
 * Google's library: nothing here logs or reports them.
 *
 * <p>One instance acts as one calendar user (the service account, or the impersonated user), so one request
 * budget per instance is the per-user limit.
 */
public final class GoogleCalendarApi implements CalendarApi {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarApi.class);
  /**
   * Calls per batch request. Google takes up to 1000 (developers.google.com/calendar/api/guides/batch); 50 keeps
   * a lost reply cheap to send again, and a batch must also fit one burst of the budget (see {@link #chunks}).
   */
  public static final int MAX_BATCH = 50;
  private static final int PAGE_SIZE = 2500;
  private static final String LIST_FIELDS = "nextPageToken,items(id,etag,status,summary,description,start,end,"
      + "attendees(email,responseStatus,displayName,comment,optional,additionalGuests,self,organizer,resource),"
      + "extendedProperties)";
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 30_000;

  private final GoogleCredentials credentials;
  private final Calendar calendar;
  private final RequestPacer pacer;
  private final CalendarCallMetrics metrics;

  /** For production: real time, real randomness, real sleeps. */
  public static GoogleCalendarApi create(CalendarSettings settings) {
    return new GoogleCalendarApi(settings, () -> ThreadLocalRandom.current().nextDouble(), Sleeper.REAL,
        System::nanoTime);
  }

  public GoogleCalendarApi(CalendarSettings settings, DoubleSupplier random, Sleeper sleeper, LongSupplier nanoTime) {
    this.credentials = loadCredentials(settings);
    this.metrics = new CalendarCallMetrics(settings.metrics());
    this.pacer = new RequestPacer(new RequestBudget(settings.requestsPerMinute(), settings.burst(), nanoTime),
        sleeper, random, settings);
    if (settings.impersonateUser() == null) {
      LOG.warn("Google Calendar: acting as the service account itself; Google refuses attendees on its events "
          + "(forbiddenForServiceAccounts). Set GOOGLE_IMPERSONATE_USER to use domain-wide delegation.");
    }
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
    RequestPacer.Allowance allowance = pacer.allowance();
    List<ObservedEvent> out = new ArrayList<>();
    String pageToken = null;
    do {
      String token = pageToken;
      Events page = call(allowance, "list", "list events of calendar " + calendarId, QuotaCost.LIST, false,
          () -> calendar.events().list(calendarId)
              .setPrivateExtendedProperty(List.of(EventDiff.OWNER_PROPERTY + "=" + ownerUid))
              .setShowDeleted(true)
              .setMaxResults(PAGE_SIZE)
              .setPageToken(token)
              .setFields(LIST_FIELDS)
              .execute());
      if (page.getItems() != null) {
        page.getItems().forEach(e -> out.add(GoogleEventMapping.observed(e)));
      }
      pageToken = page.getNextPageToken();
    } while (pageToken != null && !pageToken.isEmpty());
    return out;
  }

  @Override
  public Optional<ObservedEvent> get(String calendarId, String eventId) throws SyncException {
    Event event = call(pacer.allowance(), "get", "get event " + eventId, QuotaCost.GET, true,
        () -> calendar.events().get(calendarId, eventId).execute());
    return Optional.ofNullable(event).map(GoogleEventMapping::observed);
  }

  @Override
  public List<WriteResult> apply(String calendarId, SendUpdates sendUpdates, List<EventWrite> writes)
      throws SyncException {
    String notify = (sendUpdates == null ? SendUpdates.none : sendUpdates).name();
    RequestPacer.Allowance allowance = pacer.allowance();
    WriteResult[] results = new WriteResult[writes.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      pending.add(i);
    }
    boolean anyAnswered = false;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<Integer, SyncException> retry = new LinkedHashMap<>();
      List<List<Integer>> chunks = chunks(writes, pending);
      for (int c = 0; c < chunks.size(); c++) {
        Optional<Duration> later = allowance.pace(cost(writes, chunks.get(c)));
        if (later.isPresent()) {
          // the budget is spent: what was sent stays written, the rest waits for the sync the reconciler retries
          LOG.debug("calendar request budget spent; deferring writes by {} s", later.get().toSeconds());
          for (List<Integer> rest : chunks.subList(c, chunks.size())) {
            rest.forEach(i -> results[i] = WriteResult.deferred(writes.get(i), later.get()));
          }
          break;
        }
        anyAnswered |= sendBatch(calendarId, notify, writes, chunks.get(c), results, retry);
      }
      retry.keySet().removeIf(i -> results[i] != null);
      if (retry.isEmpty()) {
        break;
      }
      if (!allowance.backoff(attempt)) {
        SyncException last = retry.values().iterator().next();
        if (!anyAnswered) {
          throw giveUp(last, attempt);
        }
        retry.forEach((i, failure) -> results[i] = WriteResult.failed(writes.get(i), failure.reason(), failure.getMessage()));
        break;
      }
      LOG.debug("retrying {} of {} calendar writes (attempt {})", retry.size(), writes.size(), attempt + 1);
      pending = new ArrayList<>(retry.keySet());
    }
    return List.of(results);
  }

  /** Batches of at most MAX_BATCH calls that each fit one burst of the budget, in order. */
  private List<List<Integer>> chunks(List<EventWrite> writes, List<Integer> pending) {
    List<List<Integer>> chunks = new ArrayList<>();
    List<Integer> chunk = new ArrayList<>();
    int units = 0;
    for (int i : pending) {
      int cost = QuotaCost.of(writes.get(i));
      if (!chunk.isEmpty() && (chunk.size() == MAX_BATCH || units + cost > pacer.burst())) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        units = 0;
      }
      chunk.add(i);
      units += cost;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private static int cost(List<EventWrite> writes, List<Integer> chunk) {
    return chunk.stream().mapToInt(i -> QuotaCost.of(writes.get(i))).sum();
  }

  /**
   * Sends one batch; fills in the final results and collects the writes worth another try. Returns whether
   * Google answered any part.
   */
  private boolean sendBatch(String calendarId, String notify, List<EventWrite> writes, List<Integer> chunk,
      WriteResult[] results, Map<Integer, SyncException> retry) throws SyncException {
    ensureToken();
    boolean[] answered = new boolean[chunk.size()];
    try {
      BatchRequest batch = calendar.batch();
      for (int k = 0; k < chunk.size(); k++) {
        int index = chunk.get(k);
        EventWrite write = writes.get(index);
        JsonBatchCallback<Object> callback = callback(write, index, k, answered, results, retry);
        if (write instanceof EventWrite.Insert insert) {
          calendar.events()
              .insert(calendarId, GoogleEventMapping.event(insert.event(), EventDiff.newAttendees(insert.event()),
                  insert.ownerUid()).setId(insert.eventId()))
              .setSendUpdates(notify)
              .queue(batch, cast(callback));
        } else if (write instanceof EventWrite.Patch patch) {
          Calendar.Events.Patch request = calendar.events()
              .patch(calendarId, patch.eventId(), GoogleEventMapping.event(patch.patch().desired(),
                  patch.patch().attendees(), patch.ownerUid()))
              .setSendUpdates(notify);
          if (patch.patch().etag() != null) {
            // conditional modification: Google answers 412 if the event changed since it was read
            // (developers.google.com/calendar/api/guides/version-resources)
            request.setRequestHeaders(new HttpHeaders().setIfMatch(patch.patch().etag()));
          }
          request.queue(batch, cast(callback));
        } else {
          calendar.events()
              .delete(calendarId, write.eventId())
              .setSendUpdates(notify)
              .queue(batch, cast(callback));
        }
      }
      long start = metrics.start();
      try {
        batch.execute();
        metrics.answered("batch", start);
      } catch (IOException e) {
        metrics.noAnswer("batch", start);
        throw e;
      }
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

  @SuppressWarnings("unchecked")
  private static <T> JsonBatchCallback<T> cast(JsonBatchCallback<Object> callback) {
    return (JsonBatchCallback<T>) (JsonBatchCallback<?>) callback;
  }

  private JsonBatchCallback<Object> callback(EventWrite write, int index, int slot, boolean[] answered,
      WriteResult[] results, Map<Integer, SyncException> retry) {
    return new JsonBatchCallback<>() {
      @Override
      public void onSuccess(Object body, HttpHeaders headers) {
        answered[slot] = true;
        metrics.inBatch(operation(write), 200, null);
        results[index] = WriteResult.done(write);
      }

      @Override
      public void onFailure(GoogleJsonError error, HttpHeaders headers) {
        answered[slot] = true;
        int code = error.getCode();
        String reason = GoogleErrors.reasonOf(error);
        metrics.inBatch(operation(write), code, reason);
        if (code == 409 && write instanceof EventWrite.Insert) {
          results[index] = new WriteResult(write, WriteResult.Outcome.EXISTS, null, null);
        } else if ((code == 404 || code == 410) && write instanceof EventWrite.Delete) {
          results[index] = new WriteResult(write, WriteResult.Outcome.GONE, null, null);
        } else if (code == 412 && write instanceof EventWrite.Patch) {
          results[index] = new WriteResult(write, WriteResult.Outcome.CONFLICT, reason,
              describe(write) + ": the event changed since it was read (HTTP 412)");
        } else {
          SyncException failure = GoogleErrors.classify(code, reason, describe(write), error.getMessage());
          if (GoogleErrors.retryNow(failure)) {
            retry.put(index, failure);
          } else if (failure.retryAfter().isPresent()) {
            results[index] = new WriteResult(write, WriteResult.Outcome.DEFERRED, failure.reason(),
                failure.getMessage(), failure.retryAfter().get());
          } else {
            results[index] = WriteResult.failed(write, failure.reason(), failure.getMessage());
          }
        }
      }
    };
  }

  /** A single call with the token check, pacing, and bounded retries of rate limits, 5xx and lost answers. */
  private <T> T call(RequestPacer.Allowance allowance, String operation, String what, int cost,
      boolean nullOnNotFound, IoCall<T> io) throws SyncException {
    for (int attempt = 1; ; attempt++) {
      ensureToken();
      allowance.paceOrStop(cost, what);
      SyncException failure;
      long start = metrics.start();
      try {
        T result = io.run();
        metrics.answered(operation, start);
        return result;
      } catch (GoogleJsonResponseException e) {
        String reason = e.getDetails() == null ? null : GoogleErrors.reasonOf(e.getDetails());
        metrics.refused(operation, e.getStatusCode(), reason, start);
        if (nullOnNotFound && (e.getStatusCode() == 404 || e.getStatusCode() == 410)) {
          return null;
        }
        String message = e.getDetails() == null ? e.getStatusMessage() : e.getDetails().getMessage();
        failure = GoogleErrors.classify(e.getStatusCode(), reason, what, message);
      } catch (IOException e) {
        metrics.noAnswer(operation, start);
        failure = SyncException.retryable(CalendarReasons.ERROR,
            what + ": no answer from Google Calendar (" + e.getClass().getSimpleName() + ")", null);
      }
      if (!GoogleErrors.retryNow(failure)) {
        throw failure;
      }
      if (!allowance.backoff(attempt)) {
        throw giveUp(failure, attempt);
      }
      LOG.debug("{} failed with {}; retrying (attempt {})", what, failure.reason(), attempt + 1);
    }
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

  /** The retries stop here; the reconciler's backoff goes on from the next ceiling. */
  private SyncException giveUp(SyncException last, int attempts) {
    return new SyncException(last.reason(), last.getMessage() + "; gave up after " + attempts + " attempt(s)",
        true, pacer.ceiling(attempts + 1), null);
  }

  /** The operation label of a write inside a batch. */
  private static String operation(EventWrite write) {
    return write instanceof EventWrite.Insert ? "insert" : write instanceof EventWrite.Patch ? "patch" : "delete";
  }

  private static String describe(EventWrite write) {
    String verb = write instanceof EventWrite.Insert ? "create" : write instanceof EventWrite.Patch ? "patch" : "delete";
    return verb + " event " + write.eventId();
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T run() throws IOException;
  }
}
