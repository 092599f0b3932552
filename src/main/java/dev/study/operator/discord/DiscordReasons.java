package dev.study.operator.discord;

/** Condition reasons of DiscordSynced besides the shared ones. */
public final class DiscordReasons {
  public static final String CHANNEL_NOT_FOUND = "ChannelNotFound";
  public static final String MISSING_PERMISSIONS = "MissingPermissions";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String GATEWAY_UNAVAILABLE = "GatewayUnavailable";
  public static final String DISCORD_ERROR = "DiscordError";
  public static final String MEMBER_NOT_IN_GUILD = "MemberNotInGuild";

  private DiscordReasons() {}
}
