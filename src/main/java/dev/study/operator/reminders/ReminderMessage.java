package dev.study.operator.reminders;

import dev.study.operator.discord.DiscordText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The text of a reminder and its idempotency nonce. */
public final class ReminderMessage {
  /** Discord accepts nonces of up to 25 characters. */
  static final int NONCE_LENGTH = 25;

  private ReminderMessage() {}

  public static String content(Reminder r) {
    long epoch = r.meetingStart().getEpochSecond();
    // the displayName is free text from the spec: shown literally, never as markdown, a link or a mention
    String text = "Reminder: **" + DiscordText.escape(r.groupName()) + "** meeting " + r.meetingNumber() + " starts <t:" + epoch + ":F>"
        + " (<t:" + epoch + ":R>).";
    if (!r.mentions().isEmpty()) {
      text += "\n" + Arrays.stream(r.mentions().split(",")).map(id -> "<@" + id + ">").collect(Collectors.joining(" "));
    }
    return text;
  }

  /** The same for every attempt at the same reminder, so Discord's enforce_nonce turns a resend into a no-op. */
  public static String nonce(ReminderKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((key.groupUid() + "/" + key.meetingNumber() + "/" + key.offset()).getBytes(StandardCharsets.UTF_8));
      String base36 = new BigInteger(1, digest).toString(36);
      return base36.substring(0, NONCE_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
