package dev.study.operator.discord;

/**
 * A Discord call failed, said in our terms, so that {@link DiscordErrors} maps it to a condition reason without
 * knowing the client library. Messages name channels and users, never the token.
 */
public class DiscordFailure extends Exception {

  /** What went wrong, as far as retrying and status care. */
  public enum Kind {
    /** The guild or channel is unknown, or the bot cannot see it (10003, 10004, not in the gateway cache). */
    CHANNEL_NOT_FOUND,
    /** The bot lacks a permission (50013, 50001, or JDA's own check before sending). */
    MISSING_PERMISSIONS,
    /** The token was rejected (401, 40001). */
    UNAUTHORIZED,
    /** The gateway session is not connected, or the guild is unavailable (an outage): the cache cannot tell. */
    GATEWAY_UNAVAILABLE,
    /**
     * The user is unknown or not in the guild (10013, 10007, or 10009 on putting their overwrite): only this
     * member waits, until they join.
     */
    MEMBER_NOT_IN_GUILD,
    /** Discord asked us to slow down beyond what JDA's rate limiter handles (40003, DMs opened too fast). */
    RATE_LIMITED,
    /**
     * Discord will not deliver a direct message to this user (50007 "Cannot send messages to this user": their
     * privacy settings close DMs from server members, or they blocked the bot). Retrying does not help.
     */
    DMS_CLOSED,
    /** The overwrite to delete is already gone (10009). */
    OVERWRITE_NOT_FOUND,
    /** Discord answered 5xx (after the client's own retries), or the call timed out: try again later. */
    SERVER_ERROR,
    /** Any other refusal (a 4xx retrying cannot fix). */
    REJECTED
  }

  private final Kind kind;

  public DiscordFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public DiscordFailure(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
