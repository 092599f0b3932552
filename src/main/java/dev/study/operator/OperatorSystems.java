package dev.study.operator;

import dev.study.operator.reconcile.ChannelChanges;
import dev.study.operator.reconcile.SystemSync;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reconciler is wired with: the systems it syncs, the feeds of outside changes that trigger a reconcile
 * at once, and what to close on shutdown (sessions, pollers).
 */
public record OperatorSystems(List<SystemSync<?, ?>> syncs, List<ChannelChanges> channelChanges,
    List<AutoCloseable> resources) {

  public OperatorSystems {
    syncs = List.copyOf(syncs);
    channelChanges = List.copyOf(channelChanges);
    resources = new ArrayList<>(resources);
  }

  public static OperatorSystems of(List<SystemSync<?, ?>> syncs) {
    return new OperatorSystems(syncs, List.of(), List.of());
  }
}
