package dev.study.operator.discord;

import dev.study.operator.reconcile.ChannelChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's listeners for Discord gateway events (overwrite changes, members joining; not Kubernetes
 * Events), kept apart from any one gateway session so that a replaced session keeps telling the same listeners
 * (nothing to re-register, so no listener added during a login can be missed). A listener that throws is logged
 * and does not stop the others.
 */
public final class DiscordGatewayListeners {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordGatewayListeners.class);
  private final List<Consumer<String>> overwriteChanged = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, String>> memberJoined = new CopyOnWriteArrayList<>();
  private final List<Consumer<ChannelChange>> channelChanged = new CopyOnWriteArrayList<>();

  public void onOverwriteChanged(Consumer<String> listener) {
    overwriteChanged.add(listener);
  }

  public void onMemberJoined(BiConsumer<String, String> listener) {
    memberJoined.add(listener);
  }

  /** The same changes as {@link #onOverwriteChanged}, saying which member's overwrite changed. */
  public void onChannelChanged(Consumer<ChannelChange> listener) {
    channelChanged.add(listener);
  }

  /** The channel itself changed: deleted, or moved to another category. */
  void channelChanged(String channelId) {
    changed(ChannelChange.ofChannel(channelId));
  }

  /** A member's overwrite on the channel was created, changed or removed. */
  void memberOverwriteChanged(String channelId, String userId) {
    changed(ChannelChange.ofMemberOverwrite(channelId, userId));
  }

  private void changed(ChannelChange change) {
    for (Consumer<String> listener : overwriteChanged) {
      try {
        listener.accept(change.channelId());
      } catch (RuntimeException e) {
        LOG.warn("an overwrite listener failed for channel {}: {}", change.channelId(), e.toString());
      }
    }
    for (Consumer<ChannelChange> listener : channelChanged) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("a channel listener failed for channel {}: {}", change.channelId(), e.toString());
      }
    }
  }

  void memberJoined(String guildId, String userId) {
    for (BiConsumer<String, String> listener : memberJoined) {
      try {
        listener.accept(guildId, userId);
      } catch (RuntimeException e) {
        LOG.warn("a member-joined listener failed for user {} in guild {}: {}", userId, guildId, e.toString());
      }
    }
  }
}
