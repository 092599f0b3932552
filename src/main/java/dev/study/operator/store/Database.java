package dev.study.operator.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/** The operator's PostgreSQL: a DataSource, its schema migrated by Flyway, and a Jdbi over it. */
public final class Database {
  private final DataSource dataSource;
  private final Jdbi jdbi;

  private Database(DataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
  }

  /**
   * Connects and migrates. {@code schema} is null for the connection's default schema; tests pass their own so
   * that several can share one server.
   */
  public static Database connect(String jdbcUrl, String user, String password, String schema) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl);
    if (user != null) {
      ds.setUser(user);
    }
    if (password != null) {
      ds.setPassword(password);
    }
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
    if (schema != null) {
      flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    flyway.load().migrate();
    return new Database(ds);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }
}
