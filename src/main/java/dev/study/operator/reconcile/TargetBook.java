package dev.study.operator.reconcile;

import dev.study.operator.sync.SystemKind;
import dev.study.operator.api.SystemTargets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each system has written to, read from and written back to status.targets. Status is where it lives
 * because Discord and Calendar must work without PostgreSQL; a target is kept until its cleanup succeeded,
 * so a lost status write costs at most a cleanup that finds nothing.
 */
final class TargetBook {
  private final Map<SystemKind, Set<String>> targets = new EnumMap<>(SystemKind.class);

  TargetBook(List<SystemTargets> fromStatus) {
    if (fromStatus != null) {
      for (SystemTargets entry : fromStatus) {
        SystemKind kind = SystemKind.fromConditionType(entry.getSystem()).orElse(null);
        if (kind != null && entry.getIds() != null) {
          targets.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(entry.getIds());
        }
      }
    }
  }

  Set<String> recorded(SystemKind kind) {
    return Set.copyOf(targets.getOrDefault(kind, Set.of()));
  }

  void record(SystemKind kind, Set<String> ids) {
    if (ids.isEmpty()) {
      targets.remove(kind);
    } else {
      targets.put(kind, new TreeSet<>(ids));
    }
  }

  List<SystemTargets> entries() {
    List<SystemTargets> entries = new ArrayList<>();
    targets.forEach((kind, ids) -> {
      SystemTargets entry = new SystemTargets();
      entry.setSystem(kind.conditionType());
      entry.setIds(new ArrayList<>(ids));
      entries.add(entry);
    });
    return entries;
  }
}
