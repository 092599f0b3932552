package dev.study.operator.store;

import java.time.Duration;

/**
 * How the operator talks to PostgreSQL. The timeouts bound every call, so that a database that fails over
 * silently costs a reconcile or a dispatcher pass some seconds rather than a thread forever.
 *
 * @param poolSize connections shared by the reconciler's stores and the dispatcher
 * @param connectTimeout both the TCP connect and the wait for a free pooled connection
 * @param socketTimeout a read that gets no answer this long fails (tcpKeepAlive notices dead peers in between)
 * @param statementTimeout the server cancels a statement that runs this long
 */
public record PoolSettings(int poolSize, Duration connectTimeout, Duration socketTimeout, Duration statementTimeout) {
  public static PoolSettings defaults() {
    return new PoolSettings(4, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15));
  }
}
