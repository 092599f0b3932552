package dev.study.operator.reconcile;

import java.util.function.Consumer;

/** A feed of outside changes on channels, such as Discord overwrites edited by hand or a channel deleted. */
@FunctionalInterface
public interface ChannelChanges {
  void onChannelChanged(Consumer<ChannelChange> change);
}
