package dev.study.operator;

import dev.study.operator.reconcile.ChannelChanges;
import dev.study.operator.reconcile.ChannelLocator;
import dev.study.operator.reconcile.MemberJoins;
import dev.study.operator.reconcile.OverwriteDrift;
import dev.study.operator.sync.SystemSync;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reconciler is wired with: the systems it syncs, where Discord channels sit (null without Discord),
 * the feeds of outside changes that trigger a reconcile at once, how to tell an overwrite's drift from the echo
 * of the operator's own write, and what to close on shutdown (sessions, pollers).
 */
public record OperatorSystems(List<SystemSync<?, ?>> syncs, ChannelLocator channelLocator,
    List<ChannelChanges> channelChanges, List<MemberJoins> memberJoins, OverwriteDrift overwriteDrift,
    List<AutoCloseable> resources) {

  public OperatorSystems {
    syncs = List.copyOf(syncs);
    channelChanges = List.copyOf(channelChanges);
    memberJoins = List.copyOf(memberJoins);
    overwriteDrift = overwriteDrift == null ? OverwriteDrift.ALWAYS : overwriteDrift;
    resources = new ArrayList<>(resources);
  }

  /** Every member overwrite change counts as drift. */
  public OperatorSystems(List<SystemSync<?, ?>> syncs, ChannelLocator channelLocator,
      List<ChannelChanges> channelChanges, List<MemberJoins> memberJoins, List<AutoCloseable> resources) {
    this(syncs, channelLocator, channelChanges, memberJoins, OverwriteDrift.ALWAYS, resources);
  }

  public static OperatorSystems of(List<SystemSync<?, ?>> syncs) {
    return new OperatorSystems(syncs, null, List.of(), List.of(), List.of());
  }
}
