package dev.study.operator.discord;

import java.util.EnumSet;
import java.util.Set;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * Messages over JDA (reminders and welcomes), each with an enforced nonce, and the one member lookup a welcome
 * needs first. No mention type is ever parsed from the content: JDA's default would ping {@code @everyone},
 * {@code @here} and roles written in it, so only the listed users can be pinged.
 */
final class JdaMessages {
  private final JDA jda;
  private final JdaChannelCache channels;
  private final JdaRequests requests;

  JdaMessages(JDA jda, JdaChannelCache channels, JdaRequests requests) {
    this.jda = jda;
    this.channels = channels;
    this.requests = requests;
  }

  boolean isGuildMember(String guildId, String userId) throws DiscordFailure {
    Guild guild = channels.guild(guildId);
    try {
      requests.complete(guild.retrieveMemberById(userId), "looking up member " + userId + " of guild " + guildId);
      return true;
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.MEMBER_NOT_IN_GUILD) {
        return false;
      }
      throw e;
    }
  }

  String sendMessage(String guildId, String channelId, String content, String nonce, Set<String> mentionUserIds)
      throws DiscordFailure {
    GuildMessageChannel channel = channels.messageChannel(guildId, channelId);
    try {
      Message message = requests.complete(channel.sendMessage(content).setNonce(nonce)
          .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
          .mentionUsers(mentionUserIds), "sending a message to channel " + channelId);
      return message.getId();
    } catch (InsufficientPermissionException e) {
      // JDA checks the bot's permissions from its cache while building the request, before sending it
      throw DiscordErrors.of(e);
    }
  }

  String sendDirectMessage(String userId, String content, String nonce) throws DiscordFailure {
    RestAction<Message> action = jda.openPrivateChannelById(userId)
        .flatMap(channel -> channel.sendMessage(content).setNonce(nonce)
            .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)));
    return requests.complete(action, "sending a direct message to user " + userId).getId();
  }
}
