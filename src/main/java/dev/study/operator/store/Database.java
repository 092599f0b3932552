package dev.study.operator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's PostgreSQL: a small HikariCP pool, its schema migrated by Flyway, and a Jdbi over it.
 *
 * <p>PostgreSQL down at startup must not stop the operator (Discord and Calendar need no database), so
 * {@link #start} returns at once and migrates in the background, retrying with backoff. Stores go through
 * {@link #call} and {@link #transaction}, the one place where database errors become {@link DatabaseUnavailable};
 * until the schema is migrated every call fails that way.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** During an outage, one call per interval tries the server; the rest fail at once. */
  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Flyway flyway;
  private final DatabaseOutage outage;
  private final ScheduledExecutorService migrator;
  private volatile boolean migrated;

  private Database(HikariDataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    if (schema != null) {
      flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    this.flyway = flyway.load();
    // Wall-clock time, not the operator's injected clock: probing and outage lengths are about real I/O, and a
    // test's frozen clock must not keep the database "known down" forever.
    this.outage = new DatabaseOutage(Clock.systemUTC());
    this.migrator = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "database-migrate");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens the pool and migrates in the background, retrying from {@code retryBase} up to {@code retryCap} until
   * PostgreSQL answers. Never throws for an unreachable server. {@code schema} is null for the connection's
   * default schema; tests pass their own so that several can share one server.
   */
  public static Database start(String jdbcUrl, String user, String password, String schema, PoolSettings pool,
      Duration retryBase, Duration retryCap) {
    Database db = new Database(pool(jdbcUrl, user, password, schema, pool), schema);
    db.migrator.execute(() -> db.migrateWithRetry(retryBase, retryCap, 0));
    return db;
  }

  /** Connects and migrates before returning, failing if PostgreSQL is not there (tests and tools). */
  public static Database connect(String jdbcUrl, String user, String password, String schema) {
    return connect(jdbcUrl, user, password, schema, PoolSettings.defaults());
  }

  /** Like {@link #connect(String, String, String, String)} with a pool of the caller's size. */
  public static Database connect(String jdbcUrl, String user, String password, String schema, PoolSettings pool) {
    Database db = new Database(pool(jdbcUrl, user, password, schema, pool), schema);
    try {
      db.flyway.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    db.migrated = true;
    return db;
  }

  private static HikariDataSource pool(String jdbcUrl, String user, String password, String schema,
      PoolSettings pool) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("studygroup-db");
    c.setJdbcUrl(jdbcUrl);
    if (user != null) {
      c.setUsername(user);
    }
    if (password != null) {
      c.setPassword(password);
    }
    c.setMaximumPoolSize(pool.poolSize());
    c.setMinimumIdle(1);
    c.setConnectionTimeout(pool.connectTimeout().toMillis());
    c.setValidationTimeout(Math.min(pool.connectTimeout().toMillis() / 2, 2_000));
    // -1: the pool is created without a first connection, so an unreachable server does not fail startup.
    c.setInitializationFailTimeout(-1);
    c.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, pool.connectTimeout().toSeconds())));
    c.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, pool.socketTimeout().toSeconds())));
    c.addDataSourceProperty("tcpKeepAlive", "true");
    c.addDataSourceProperty("options", "-c statement_timeout=" + pool.statementTimeout().toMillis());
    if (schema != null) {
      c.addDataSourceProperty("currentSchema", schema);
    }
    return new HikariDataSource(c);
  }

  private void migrateWithRetry(Duration base, Duration cap, int failures) {
    try {
      flyway.migrate();
      migrated = true;
      synchronized (this) {
        notifyAll();
      }
      outage.succeeded();
      LOG.info("PostgreSQL schema is migrated");
    } catch (RuntimeException e) {
      outage.failed("migrate the schema", e, true);
      long delay = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(failures, 20)));
      if (!migrator.isShutdown()) {
        migrator.schedule(() -> migrateWithRetry(base, cap, failures + 1), delay, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Runs one call on a pooled handle; every database failure comes out as {@link DatabaseUnavailable}. */
  public <T> T call(String what, HandleCallback<T, RuntimeException> callback) throws DatabaseUnavailable {
    requireMigrated(what);
    try {
      T result = jdbi.withHandle(callback);
      outage.succeeded();
      return result;
    } catch (JdbiException e) {
      throw unavailable(what, e);
    }
  }

  /** Like {@link #call}, in one transaction. */
  public <T> T transaction(String what, HandleCallback<T, RuntimeException> callback) throws DatabaseUnavailable {
    requireMigrated(what);
    try {
      T result = jdbi.inTransaction(callback);
      outage.succeeded();
      return result;
    } catch (JdbiException e) {
      throw unavailable(what, e);
    }
  }

  private void requireMigrated(String what) throws DatabaseUnavailable {
    if (!migrated) {
      throw new DatabaseUnavailable("cannot " + what + ": the PostgreSQL schema is not migrated yet"
          + outage.problem().map(p -> " (" + p + ")").orElse(""), null);
    }
    if (outage.knownDown(PROBE_EVERY)) {
      // Without this, every reconcile and dispatcher pass would wait out the connect timeout per call.
      throw new DatabaseUnavailable("cannot " + what + ": PostgreSQL " + outage.problem().orElse("is unavailable"),
          null);
    }
  }

  private DatabaseUnavailable unavailable(String what, JdbiException e) {
    outage.failed(what, e, DatabaseOutage.unreachable(e));
    return new DatabaseUnavailable("cannot " + what + ": " + DatabaseOutage.describe(e), e);
  }

  /** Waits up to {@code timeout} for the first migration; true when the schema is ready. */
  public boolean awaitMigrated(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!migrated && System.nanoTime() < deadline) {
        wait(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
      }
    }
    return migrated;
  }

  /** Migrated and answering, as far as the last call knows. */
  public boolean ready() {
    return migrated && outage.problem().isEmpty();
  }

  /** Why the database cannot be used now, for the health endpoint; empty when it can. */
  public Optional<String> problem() {
    if (!migrated) {
      return Optional.of("schema not migrated yet" + outage.problem().map(p -> ": " + p).orElse(""));
    }
    return outage.problem();
  }

  /** The raw Jdbi, for stores whose callers translate {@link JdbiException} themselves, and for tests. */
  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    migrator.shutdownNow();
    dataSource.close();
  }
}
