package dev.study.operator.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL is reachable, as the last calls found it. It logs one WARN when an outage starts and one INFO
 * when it ends, so that a dispatcher polling every 200 ms does not fill the log while the database is away.
 */
final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  private final Clock clock;
  private String cause;
  private Instant since;
  private Instant lastFailure;

  DatabaseOutage(Clock clock) {
    this.clock = clock;
  }

  /** Records a failure; true when it says the server is unreachable (rather than a single bad statement). */
  synchronized boolean failed(String what, Throwable error, boolean unreachable) {
    if (!unreachable) {
      return false;
    }
    if (cause == null) {
      since = clock.instant();
      LOG.warn("PostgreSQL unavailable, could not {} ({}); reminders, RSVPs and welcomes wait for it, Discord"
          + " and Calendar go on", what, describe(error));
    }
    cause = describe(error);
    lastFailure = clock.instant();
    return true;
  }

  /**
   * Whether the server was found unreachable less than {@code probeEvery} ago: then callers fail at once instead
   * of each waiting out the connect timeout, and one call per interval probes whether it is back.
   */
  synchronized boolean knownDown(Duration probeEvery) {
    if (cause == null || lastFailure == null) {
      return false;
    }
    if (Duration.between(lastFailure, clock.instant()).compareTo(probeEvery) < 0) {
      return true;
    }
    lastFailure = clock.instant(); // this caller probes; the others keep failing fast meanwhile
    return false;
  }

  synchronized void succeeded() {
    if (cause != null) {
      LOG.info("PostgreSQL available again after {}", Duration.between(since, clock.instant()));
      cause = null;
      since = null;
    }
  }

  /** Why PostgreSQL is unavailable, or empty while it answers. */
  synchronized Optional<String> problem() {
    return cause == null ? Optional.empty() : Optional.of("unavailable since " + since + ": " + cause);
  }

  /** Errors that mean "the server is not there" (connection, shutdown, timeouts), as opposed to a bad statement. */
  static boolean unreachable(Throwable error) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof java.io.IOException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P: the server shutting down or starting; 53: out of resources. A statement
        // timeout (57014) is one slow statement, not an outage.
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The exception class and SQL state only: driver messages can carry hosts and user names, never needed here. */
  static String describe(Throwable error) {
    Throwable root = error;
    String state = null;
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      root = t;
      if (t instanceof SQLException sql && sql.getSQLState() != null && state == null) {
        state = sql.getSQLState();
      }
    }
    return root.getClass().getSimpleName() + (state == null ? "" : " SQLSTATE " + state);
  }
}
