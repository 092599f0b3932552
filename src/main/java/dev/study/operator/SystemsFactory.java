package dev.study.operator;

import dev.study.operator.config.OperatorConfig;
import dev.study.operator.reconcile.SystemSync;
import dev.study.operator.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the real adapters the configuration has credentials for. A system left out reports
 * OperatorNotConfigured on the groups that use it.
 */
final class SystemsFactory {
  record Built(List<SystemSync<?, ?>> systems, List<AutoCloseable> resources) {}

  private SystemsFactory() {}

  static Built fromConfig(OperatorConfig config, Clock clock) {
    List<SystemSync<?, ?>> systems = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    config.database().ifPresent(db -> Database.connect(db.jdbcUrl(), db.user(),
        db.password() == null ? null : db.password().value(), null));
    return new Built(systems, resources);
  }
}
