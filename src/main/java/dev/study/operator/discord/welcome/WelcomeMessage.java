package dev.study.operator.discord.welcome;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.discord.DiscordText;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.schedule.Meeting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The welcome DM's text and its nonce. Pure: everything comes from the group and the recipient. */
public final class WelcomeMessage {
  /** Discord allows 2000 characters; the member list is cut well before, with "and N more". */
  static final int MAX_NAMES_LENGTH = 1500;
  /** Discord accepts nonces of at most 25 characters. */
  private static final int NONCE_HEX_BYTES = 12;

  private WelcomeMessage() {}

  /**
   * The text for one new member: the group's name, the first upcoming meeting as a Discord timestamp (shown in
   * the reader's own time zone), the other members' names, and a link to the group's channel.
   */
  public static String compose(GroupContext group, String memberId) {
    StringBuilder text = new StringBuilder();
    text.append("Welcome to ").append(DiscordText.escape(group.displayName())).append("!\n");
    Optional<Meeting> next = group.meetings().stream().filter(m -> m.start().isAfter(group.now())).findFirst();
    if (next.isPresent()) {
      long epoch = next.get().start().getEpochSecond();
      text.append("Your first meeting: <t:").append(epoch).append(":F> (<t:").append(epoch).append(":R>).\n");
    } else {
      text.append("The group has no upcoming meetings scheduled.\n");
    }
    List<String> others = new ArrayList<>();
    for (Member m : group.spec().getMembers()) {
      if (!m.getId().equals(memberId)) {
        others.add(DiscordText.escape(m.nameForDisplay()));
      }
    }
    if (others.isEmpty()) {
      text.append("You are the group's first member.\n");
    } else {
      text.append("Your fellow members: ").append(names(others)).append(".\n");
    }
    DiscordTarget discord = group.spec().getDiscord();
    text.append("Your group's channel: https://discord.com/channels/").append(discord.getGuildId()).append('/')
        .append(discord.getTextChannelId());
    return text.toString();
  }

  /**
   * The same for every attempt to welcome this member as this Discord user, so a DM sent just before a crash
   * (before the ledger row was written) is not sent twice: Discord returns the first message for a repeated
   * enforced nonce within its window.
   */
  public static String nonce(String groupUid, String memberId, String discordUserId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("welcome:" + groupUid + ":" + memberId + ":" + discordUserId).getBytes(StandardCharsets.UTF_8));
      return "w" + HexFormat.of().formatHex(digest, 0, NONCE_HEX_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** As {@link #nonce}, for the welcome posted in the group's channel when the member's DMs are closed. */
  public static String channelNonce(String groupUid, String memberId, String discordUserId) {
    return "c" + nonce(groupUid, memberId, discordUserId).substring(1);
  }

  private static String names(List<String> names) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (String name : names) {
      if (out.length() + name.length() > MAX_NAMES_LENGTH) {
        break;
      }
      if (shown > 0) {
        out.append(shown == names.size() - 1 ? " and " : ", ");
      }
      out.append(name);
      shown++;
    }
    if (shown < names.size()) {
      out.append(" and ").append(names.size() - shown).append(" more");
    }
    return out.toString();
  }
}
