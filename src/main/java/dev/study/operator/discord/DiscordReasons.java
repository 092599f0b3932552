package dev.study.operator.discord;

/** Condition reasons of DiscordSynced besides the shared ones. */
public final class DiscordReasons {
  public static final String CHANNEL_NOT_FOUND = "ChannelNotFound";
  public static final String MISSING_PERMISSIONS = "MissingPermissions";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String GATEWAY_UNAVAILABLE = "GatewayUnavailable";
  public static final String DISCORD_ERROR = "DiscordError";
  public static final String MEMBER_NOT_IN_GUILD = "MemberNotInGuild";
  public static final String RATE_LIMITED = "RateLimited";
  /** Access is synced, but a welcome's outcome is unknown or was throttled: retried soon with the same nonce. */
  public static final String WELCOME_PENDING = "WelcomePending";

  private DiscordReasons() {}
}
