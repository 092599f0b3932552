package dev.study.operator.discord;

/**
 * The Discord permission bits the operator grants, as the API numbers them, so the pure diff needs no JDA.
 * See https://discord.com/developers/docs/topics/permissions.
 */
public final class DiscordPermissions {
  public static final long VIEW_CHANNEL = 1L << 10;
  public static final long CONNECT = 1L << 20;

  /** What a member needs on the group's text channel. */
  public static final long TEXT_ACCESS = VIEW_CHANNEL;

  /** What a member needs on the group's voice channel: see it and join it. */
  public static final long VOICE_ACCESS = VIEW_CHANNEL | CONNECT;

  /**
   * Every bit the operator ever grants: what cleanup takes back from a channel the spec no longer names, where
   * it cannot tell whether it was the text or the voice channel.
   */
  public static final long MANAGED = TEXT_ACCESS | VOICE_ACCESS;

  private DiscordPermissions() {}
}
