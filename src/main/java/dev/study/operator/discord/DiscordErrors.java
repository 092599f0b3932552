package dev.study.operator.discord;

import dev.study.operator.sync.SyncException;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;

/**
 * Discord's error answers in our terms, in two steps kept side by side so that they read as one table: the HTTP
 * status and JSON error code of an answer (opcodes-and-status-codes.mdx) become a {@link DiscordFailure.Kind},
 * and a kind becomes the condition reason of DiscordSynced and whether retrying can help.
 *
 * <p>No Discord failure carries a retry-after: JDA reads 429s and their {@code Retry-After} itself and waits them
 * out before the call returns, so what reaches us has no delay left to honour. 40003 (DMs opened too fast) is a
 * 403 with no such header; the welcome sync retries it on its own short schedule.
 */
public final class DiscordErrors {
  /** 40001 "Unauthorized. Provide a valid token and try again". */
  static final int UNAUTHORIZED = 40001;
  /** 10003 "Unknown Channel", 10004 "Unknown Guild". */
  static final int UNKNOWN_CHANNEL = 10003;
  static final int UNKNOWN_GUILD = 10004;
  /** 10013 "Unknown User", 10007 "Unknown Member". */
  static final int UNKNOWN_USER = 10013;
  static final int UNKNOWN_MEMBER = 10007;
  /** 10009 "Unknown Overwrite". */
  static final int UNKNOWN_OVERWRITE = 10009;
  /** 50007 "Cannot send messages to this user", a 403. */
  static final int CANNOT_SEND_TO_USER = 50007;
  /** 40003 "You are opening direct messages too fast", a 403 too, but one that clears by itself. */
  static final int OPENING_DMS_TOO_FAST = 40003;
  /** 50013 "You lack permissions to perform that action", 50001 "Missing access". */
  static final int MISSING_PERMISSIONS = 50013;
  static final int MISSING_ACCESS = 50001;

  private DiscordErrors() {}

  /**
   * The kind of one error answer. The order matters: a specific code wins over its HTTP status (50007 and 40003
   * come as 403, which otherwise means a missing permission).
   *
   * @param httpStatus the HTTP status, or -1 when JDA has no response (it failed before one arrived)
   * @param serverError JDA's own verdict that Discord failed (its SERVER_ERROR response), whatever the status
   */
  static DiscordFailure.Kind kindOf(int httpStatus, int code, boolean serverError) {
    if (httpStatus == 401 || code == UNAUTHORIZED) {
      return DiscordFailure.Kind.UNAUTHORIZED;
    }
    if (code == UNKNOWN_CHANNEL || code == UNKNOWN_GUILD) {
      return DiscordFailure.Kind.CHANNEL_NOT_FOUND;
    }
    if (code == UNKNOWN_USER || code == UNKNOWN_MEMBER) {
      return DiscordFailure.Kind.MEMBER_NOT_IN_GUILD;
    }
    if (code == UNKNOWN_OVERWRITE) {
      return DiscordFailure.Kind.OVERWRITE_NOT_FOUND;
    }
    if (code == CANNOT_SEND_TO_USER) {
      return DiscordFailure.Kind.DMS_CLOSED;
    }
    if (code == OPENING_DMS_TOO_FAST) {
      return DiscordFailure.Kind.RATE_LIMITED;
    }
    if (code == MISSING_PERMISSIONS || code == MISSING_ACCESS || httpStatus == 403) {
      return DiscordFailure.Kind.MISSING_PERMISSIONS;
    }
    if (httpStatus >= 500 || serverError) {
      return DiscordFailure.Kind.SERVER_ERROR;
    }
    return DiscordFailure.Kind.REJECTED;
  }

  /** The condition reason of a failure, and whether the sync is retried with backoff or waits for a change. */
  public static SyncException toSyncException(DiscordFailure e) {
    return switch (e.kind()) {
      case CHANNEL_NOT_FOUND -> SyncException.permanent(DiscordReasons.CHANNEL_NOT_FOUND, e.getMessage(), e);
      case MISSING_PERMISSIONS -> SyncException.permanent(DiscordReasons.MISSING_PERMISSIONS, e.getMessage(), e);
      case UNAUTHORIZED -> SyncException.permanent(DiscordReasons.UNAUTHORIZED, e.getMessage(), e);
      case GATEWAY_UNAVAILABLE -> SyncException.retryable(DiscordReasons.GATEWAY_UNAVAILABLE, e.getMessage(), e);
      case SERVER_ERROR -> SyncException.retryable(DiscordReasons.DISCORD_ERROR, e.getMessage(), e);
      case MEMBER_NOT_IN_GUILD -> SyncException.retryable(DiscordReasons.MEMBER_NOT_IN_GUILD, e.getMessage(), e);
      case RATE_LIMITED -> SyncException.retryable(DiscordReasons.RATE_LIMITED, e.getMessage(), e);
      case OVERWRITE_NOT_FOUND, REJECTED, DMS_CLOSED ->
          SyncException.permanent(DiscordReasons.DISCORD_ERROR, e.getMessage(), e);
    };
  }

  /** JDA's error answer as a failure that names the call; see {@link #kindOf}. */
  static DiscordFailure of(ErrorResponseException e, String what) {
    int status = e.getResponse() == null ? -1 : e.getResponse().code;
    int code = e.getErrorCode();
    // the vendor exception is not kept as cause: its response may echo request details into logs
    return new DiscordFailure(kindOf(status, code, e.isServerError()),
        what + " failed: " + status + " " + code + " " + e.getMeaning(), null);
  }

  /** JDA refused to send because its cache says the bot lacks a permission: what Discord would answer 50013 to. */
  static DiscordFailure of(InsufficientPermissionException e) {
    return new DiscordFailure(DiscordFailure.Kind.MISSING_PERMISSIONS,
        "the bot lacks " + e.getPermission().getName() + " on channel " + e.getChannelId(), null);
  }
}
