package dev.study.operator.reconcile;

import java.util.function.Consumer;

/** A feed of outside changes keyed by channel id, such as Discord overwrites edited by hand. */
@FunctionalInterface
public interface ChannelChanges {
  void onChannelChanged(Consumer<String> channelId);
}
