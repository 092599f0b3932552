package dev.study.operator.calendar;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.google.auth.http.HttpCredentialsAdapter;
import dev.study.operator.api.SendUpdates;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.sync.SyncException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Calendar port over Google's own client. It reads a group's events with one paged events.list filtered by
 * the private ownership property, writes a plan in batch requests ({@link BatchedWrites}, {@link CalendarBatch}),
 * paces itself with a client-side budget of quota units ({@link RequestPacer}), and retries rate limits and 5xx
 * with backoff for a few seconds at most; longer waits end the call with a retry-after. Each write's result
 * carries the event as Google answered it.
 *
 * <p>The scope is calendar.events: the narrowest one that lets it list, insert, patch and delete events of a
 * calendar shared with the service account (or owned by the impersonated user).
 *
 * <p>One instance acts as one calendar user (the service account, or the impersonated user), so one request
 * budget per instance is the per-user limit.
 */
public final class GoogleCalendarApi implements CalendarApi {
  private static final Logger LOG = LoggerFactory.getLogger(GoogleCalendarApi.class);
  private static final int PAGE_SIZE = 2500;
  private static final String LIST_FIELDS = "nextPageToken,items(id,etag,status,summary,description,start,end,"
      + "attendees(email,responseStatus,displayName,comment,optional,additionalGuests,self,organizer,resource),"
      + "extendedProperties)";
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 30_000;

  private final ServiceAccountToken token;
  private final Calendar calendar;
  private final RequestPacer pacer;
  private final CalendarCallMetrics metrics;

  /** For production: real time, real randomness, real sleeps. */
  public static GoogleCalendarApi create(CalendarSettings settings) {
    return new GoogleCalendarApi(settings, () -> ThreadLocalRandom.current().nextDouble(), Sleeper.REAL,
        System::nanoTime);
  }

  public GoogleCalendarApi(CalendarSettings settings, DoubleSupplier random, Sleeper sleeper, LongSupplier nanoTime) {
    this.token = ServiceAccountToken.load(settings);
    this.metrics = new CalendarCallMetrics(settings.metrics());
    this.pacer = new RequestPacer(new QuotaWindow(settings.requestsPerMinute(), settings.burst(), nanoTime),
        sleeper, random, settings);
    if (settings.impersonateUser() == null) {
      LOG.warn("Google Calendar: acting as the service account itself; Google refuses attendees on its events "
          + "(forbiddenForServiceAccounts). Set GOOGLE_IMPERSONATE_USER to use domain-wide delegation.");
    }
    HttpCredentialsAdapter auth = new HttpCredentialsAdapter(token.credentials());
    HttpRequestInitializer initializer = request -> {
      auth.initialize(request);
      request.setConnectTimeout(CONNECT_TIMEOUT_MS);
      request.setReadTimeout(READ_TIMEOUT_MS);
    };
    this.calendar = new Calendar.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), initializer)
        .setRootUrl(settings.rootUrl())
        .setApplicationName("studygroup-operator")
        .build();
  }

  @Override
  public List<ObservedEvent> list(String calendarId, String ownerUid) throws SyncException {
    RequestPacer.Allowance allowance = pacer.allowance();
    List<ObservedEvent> out = new ArrayList<>();
    String pageToken = null;
    do {
      String pageAsked = pageToken;
      Events page = call(allowance, "list", "list events of calendar " + calendarId, QuotaCost.LIST, false,
          () -> calendar.events().list(calendarId)
              .setPrivateExtendedProperty(List.of(EventDiff.OWNER_PROPERTY + "=" + ownerUid))
              .setShowDeleted(true)
              .setMaxResults(PAGE_SIZE)
              .setPageToken(pageAsked)
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
    return new BatchedWrites(pacer, chunk -> {
      token.ensure();
      return new CalendarBatch(calendar, metrics, chunk).send(calendarId, notify);
    }).apply(writes);
  }

  /** A single call with the token check, pacing, and bounded retries of rate limits, 5xx and lost answers. */
  private <T> T call(RequestPacer.Allowance allowance, String operation, String what, int cost,
      boolean nullOnNotFound, IoCall<T> io) throws SyncException {
    for (int attempt = 1; ; attempt++) {
      token.ensure();
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
        throw pacer.gaveUp(failure, attempt);
      }
      LOG.debug("{} failed with {}; retrying (attempt {})", what, failure.reason(), attempt + 1);
    }
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T run() throws IOException;
  }
}
