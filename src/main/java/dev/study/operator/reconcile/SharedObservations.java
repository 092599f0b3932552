package dev.study.operator.reconcile;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What one system observed in this reconcile and another may read, so RSVPs reuse Calendar's one list call. */
public final class SharedObservations {
  private final Map<Class<?>, Object> byType = new HashMap<>();

  public <T> void put(Class<T> type, T value) {
    byType.put(type, value);
  }

  public <T> Optional<T> get(Class<T> type) {
    return Optional.ofNullable(type.cast(byType.get(type)));
  }
}
