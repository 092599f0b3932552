package dev.study.operator.discord.welcome;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import dev.study.operator.sync.GroupContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one member's welcome over Discord and says how it ended; the ledger is not its business. The welcome is
 * a direct message, or, when the member's DMs are closed (50007), one message in the group's text channel that
 * mentions only them. Each has a nonce of its own, the same on every try, so a retry after a lost answer sends
 * it once.
 */
final class WelcomeSender {
  private static final Logger LOG = LoggerFactory.getLogger(WelcomeSender.class);
  /**
   * Refusals retrying cannot fix, so the welcome is recorded as undeliverable. Not the same as a permanent sync
   * failure: an UNAUTHORIZED token may be rotated and a member outside the guild is never DM'd in the first place.
   */
  private static final Set<DiscordFailure.Kind> UNDELIVERABLE = EnumSet.of(DiscordFailure.Kind.MISSING_PERMISSIONS,
      DiscordFailure.Kind.MEMBER_NOT_IN_GUILD, DiscordFailure.Kind.CHANNEL_NOT_FOUND, DiscordFailure.Kind.REJECTED);

  private final DiscordAccess discord;

  WelcomeSender(DiscordAccess discord) {
    this.discord = discord;
  }

  /**
   * Welcomes one member, once they are in the guild. A member not in the guild yet is not DM'd (Discord would
   * refuse a user who shares no guild with the bot, 50007): the welcome waits for their join.
   *
   * @param knownNotInGuild members the overwrite writes already found outside the guild: no lookup for them
   */
  WelcomeAttempt send(GroupContext group, WelcomeRecipient r, Set<String> knownNotInGuild) {
    String guildId = group.spec().getDiscord().getGuildId();
    try {
      if (knownNotInGuild.contains(r.discordUserId()) || !discord.isGuildMember(guildId, r.discordUserId())) {
        return WelcomeAttempt.notInGuild();
      }
      String content = WelcomeMessage.compose(group, r.memberId());
      String nonce = WelcomeMessage.nonce(group.uid(), r.memberId(), r.discordUserId());
      return WelcomeAttempt.sent(discord.sendDirectMessage(r.discordUserId(), content, nonce));
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.DMS_CLOSED) {
        return sendInChannel(group, r);
      }
      if (UNDELIVERABLE.contains(e.kind())) {
        LOG.warn("welcome of member {} of {} is undeliverable, not retried: {}", r.memberId(), group.ref(),
            e.getMessage());
        return WelcomeAttempt.undeliverable(e.getMessage());
      }
      // a timeout or a 5xx may have sent it: the retry, soon and with the same nonce, gets the first message back
      LOG.warn("welcome of member {} of {} failed, retried shortly with the same nonce: {}", r.memberId(),
          group.ref(), e.getMessage());
      return WelcomeAttempt.deferred();
    }
  }

  /** The fallback for closed DMs. */
  private WelcomeAttempt sendInChannel(GroupContext group, WelcomeRecipient r) {
    DiscordTarget target = group.spec().getDiscord();
    try {
      String content = "<@" + r.discordUserId() + "> " + WelcomeMessage.compose(group, r.memberId());
      String messageId = discord.sendMessage(target.getGuildId(), target.getTextChannelId(), content,
          WelcomeMessage.channelNonce(group.uid(), r.memberId(), r.discordUserId()), Set.of(r.discordUserId()));
      return WelcomeAttempt.sentInChannel(messageId, target.getTextChannelId());
    } catch (DiscordFailure e) {
      if (UNDELIVERABLE.contains(e.kind())) {
        LOG.warn("welcome of member {} of {} in the group's channel is undeliverable too: {}", r.memberId(),
            group.ref(), e.getMessage());
        return WelcomeAttempt.undeliverable(e.getMessage());
      }
      return WelcomeAttempt.deferred();
    }
  }
}
