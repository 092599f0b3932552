package dev.study.operator.testing;

import dev.study.operator.store.Database;
import dev.study.operator.store.PoolSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: the server named by DATABASE_URL when set, else one throwaway embedded server
 * per test JVM. Every caller gets its own schema, migrated by Flyway, so tests never see each other's rows.
 */
public final class TestPostgres {
  /**
   * Two connections per database: a test rarely uses more, and the pools of tests that do not close theirs stay
   * small on the one shared server.
   */
  public static final PoolSettings TEST_POOL =
      new PoolSettings(2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15));
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  public static synchronized Database freshDatabase() {
    String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    String url = System.getenv("DATABASE_URL");
    if (url != null && !url.isBlank()) {
      String jdbc = url.startsWith("jdbc:") ? url : "jdbc:" + url.replaceFirst("^postgres://", "postgresql://");
      return Database.connect(jdbc, System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD"), schema,
          TEST_POOL);
    }
    return Database.connect(server().getJdbcUrl("postgres", "postgres"), "postgres", null, schema, TEST_POOL);
  }

  /**
   * A JDBC URL whose connections land in a fresh, empty schema, for code that connects by itself from a
   * DATABASE_URL (the operator's own wiring).
   */
  public static synchronized String freshJdbcUrl() {
    String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    String base;
    String url = System.getenv("DATABASE_URL");
    if (url != null && !url.isBlank()) {
      base = url.startsWith("jdbc:") ? url : "jdbc:" + url.replaceFirst("^postgres://", "postgresql://");
    } else {
      base = server().getJdbcUrl("postgres", "postgres");
    }
    try (var c = java.sql.DriverManager.getConnection(base, System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD"));
         var st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not create schema " + schema, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static EmbeddedPostgres server() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // the JVM is going away either way
        }
      }));
    }
    return embedded;
  }
}
