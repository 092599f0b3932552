package dev.study.operator.calendar;

import com.google.api.client.http.HttpResponseException;
import com.google.api.services.calendar.CalendarScopes;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.study.operator.sync.SyncException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * The service account's credentials, scoped to calendar.events and delegated when asked, and the check that a
 * token can be had before a call: so a refused service account is told apart from an API error. The credentials
 * never leave Google's library: nothing here logs or reports them.
 */
final class ServiceAccountToken {
  private final GoogleCredentials credentials;

  private ServiceAccountToken(GoogleCredentials credentials) {
    this.credentials = credentials;
  }

  static ServiceAccountToken load(CalendarSettings settings) {
    try (InputStream in = Files.newInputStream(settings.credentialsFile())) {
      GoogleCredentials scoped = ServiceAccountCredentials.fromStream(in).createScoped(CalendarScopes.CALENDAR_EVENTS);
      return new ServiceAccountToken(settings.impersonateUser() == null
          ? scoped : scoped.createDelegated(settings.impersonateUser()));
    } catch (IOException e) {
      // the parser's message may quote the file, so only its kind is reported
      throw new IllegalStateException("cannot read the Google service-account file " + settings.credentialsFile()
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  GoogleCredentials credentials() {
    return credentials;
  }

  /**
   * Fetches a token now if there is none. The library's own message is not passed on: only the HTTP status of
   * the token endpoint.
   */
  void ensure() throws SyncException {
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
}
