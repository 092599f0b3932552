package dev.study.operator.store;

import dev.study.operator.sync.SyncException;

/**
 * PostgreSQL could not answer (down, unreachable, not migrated yet, or a statement failed). Always retryable:
 * the systems that keep their state in PostgreSQL wait, and Discord and Calendar go on without them. It is a
 * {@link SyncException} so that a store's callers need no translation of their own.
 */
public final class DatabaseUnavailable extends SyncException {
  public static final String REASON = "DatabaseUnavailable";

  DatabaseUnavailable(String message, Throwable cause) {
    super(REASON, message, true, null, cause);
  }
}
