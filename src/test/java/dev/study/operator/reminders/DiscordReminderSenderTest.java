package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.study.operator.discord.ChannelOverwrites;
import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import dev.study.operator.discord.Overwrite;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which Discord failures end a reminder for good and which are retried until its meeting starts. */
class DiscordReminderSenderTest {

  /** A DiscordAccess whose sends all fail with one kind; nothing else of it is used. */
  private static DiscordAccess failingWith(DiscordFailure.Kind kind) {
    return new DiscordAccess() {
      @Override
      public ChannelOverwrites memberOverwrites(String guildId, String channelId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void putMemberOverwrite(String guildId, String channelId, String userId, Overwrite overwrite) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean deleteMemberOverwrite(String guildId, String channelId, String userId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String sendMessage(String guildId, String channelId, String content, String nonce,
          Set<String> mentionUserIds) throws DiscordFailure {
        throw new DiscordFailure(kind, "refused");
      }

      @Override
      public String selfUserId() {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isGuildMember(String guildId, String userId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void onMemberJoined(java.util.function.BiConsumer<String, String> listener) {}

      @Override
      public String sendDirectMessage(String userId, String content, String nonce) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void onOverwriteChanged(Consumer<String> listener) {}
    };
  }

  private static boolean permanent(DiscordFailure.Kind kind, boolean connected) {
    DiscordReminderSender sender = new DiscordReminderSender(failingWith(kind), () -> connected);
    return catchThrowableOfType(ReminderSender.DeliveryException.class,
        () -> sender.send("guild", "channel", "text", "nonce", Set.of())).permanent();
  }

  @Test
  void anUnknownChannelIsPermanentOnlyWhileTheSessionIsConnected() {
    assertThat(permanent(DiscordFailure.Kind.CHANNEL_NOT_FOUND, true)).isTrue();
    assertThat(permanent(DiscordFailure.Kind.CHANNEL_NOT_FOUND, false))
        .as("JDA cleared its cache while re-identifying").isFalse();
  }

  @Test
  void gatewayServerErrorsAndTokenTroubleAreRetried() {
    assertThat(permanent(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, true)).isFalse();
    assertThat(permanent(DiscordFailure.Kind.SERVER_ERROR, true)).isFalse();
    assertThat(permanent(DiscordFailure.Kind.UNAUTHORIZED, true)).isFalse();
  }

  @Test
  void missingPermissionsAndRejectionsArePermanent() {
    assertThat(permanent(DiscordFailure.Kind.MISSING_PERMISSIONS, true)).isTrue();
    assertThat(permanent(DiscordFailure.Kind.REJECTED, false)).isTrue();
  }

  @Test
  void aRowWithoutAGuildWaitsForTheReconcileInsteadOfFailing() {
    DiscordReminderSender sender = new DiscordReminderSender(failingWith(DiscordFailure.Kind.REJECTED), () -> true);
    var e = catchThrowableOfType(ReminderSender.DeliveryException.class,
        () -> sender.send(null, "channel", "text", "nonce", Set.of()));
    assertThat(e.permanent()).isFalse();
  }
}
