package dev.study.operator.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.discord.DiscordFailure.Kind;
import dev.study.operator.sync.SyncException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Discord's error answers, one row per answer: what kind it is, the condition reason, and whether it is retried. */
class DiscordErrorsTest {
  private static final int NO_CODE = 0;
  private static final int NO_RESPONSE = -1;

  record Case(String name, int status, int code, boolean serverError, Kind kind, String reason, boolean retryable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        new Case("aRejectedTokenIsUnauthorized", 401, 0, false, Kind.UNAUTHORIZED, DiscordReasons.UNAUTHORIZED, false),
        new Case("code40001IsUnauthorizedWhateverTheStatus", 400, 40001, false, Kind.UNAUTHORIZED,
            DiscordReasons.UNAUTHORIZED, false),
        new Case("anUnknownChannelIsChannelNotFound", 404, 10003, false, Kind.CHANNEL_NOT_FOUND,
            DiscordReasons.CHANNEL_NOT_FOUND, false),
        new Case("anUnknownGuildIsChannelNotFound", 404, 10004, false, Kind.CHANNEL_NOT_FOUND,
            DiscordReasons.CHANNEL_NOT_FOUND, false),
        new Case("anUnknownUserWaitsForTheMember", 404, 10013, false, Kind.MEMBER_NOT_IN_GUILD,
            DiscordReasons.MEMBER_NOT_IN_GUILD, true),
        new Case("anUnknownMemberWaitsForTheMember", 404, 10007, false, Kind.MEMBER_NOT_IN_GUILD,
            DiscordReasons.MEMBER_NOT_IN_GUILD, true),
        new Case("anUnknownOverwriteIsAlreadyGone", 404, 10009, false, Kind.OVERWRITE_NOT_FOUND,
            DiscordReasons.DISCORD_ERROR, false),
        new Case("closedDmsAreA403ButNotAMissingPermission", 403, 50007, false, Kind.DMS_CLOSED,
            DiscordReasons.DISCORD_ERROR, false),
        new Case("dmsOpenedTooFastAreA403ThatClearsByItself", 403, 40003, false, Kind.RATE_LIMITED,
            DiscordReasons.RATE_LIMITED, true),
        new Case("code50013IsAMissingPermission", 403, 50013, false, Kind.MISSING_PERMISSIONS,
            DiscordReasons.MISSING_PERMISSIONS, false),
        new Case("missingAccessIsAMissingPermission", 403, 50001, false, Kind.MISSING_PERMISSIONS,
            DiscordReasons.MISSING_PERMISSIONS, false),
        new Case("anyOther403IsAMissingPermission", 403, NO_CODE, false, Kind.MISSING_PERMISSIONS,
            DiscordReasons.MISSING_PERMISSIONS, false),
        new Case("a5xxIsRetried", 502, NO_CODE, false, Kind.SERVER_ERROR, DiscordReasons.DISCORD_ERROR, true),
        new Case("jdasServerErrorWithoutAResponseIsRetried", NO_RESPONSE, NO_CODE, true, Kind.SERVER_ERROR,
            DiscordReasons.DISCORD_ERROR, true),
        new Case("anyOther4xxIsRejectedForGood", 400, 50035, false, Kind.REJECTED, DiscordReasons.DISCORD_ERROR,
            false),
        new Case("aCodeWinsOverAServerStatus", 500, 10003, false, Kind.CHANNEL_NOT_FOUND,
            DiscordReasons.CHANNEL_NOT_FOUND, false))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void classifiesDiscordsAnswer(Case c) {
    Kind kind = DiscordErrors.kindOf(c.status(), c.code(), c.serverError());
    SyncException e = DiscordErrors.toSyncException(new DiscordFailure(kind, "putting an overwrite failed"));

    assertThat(kind).isEqualTo(c.kind());
    assertThat(e.reason()).isEqualTo(c.reason());
    assertThat(e.retryable()).isEqualTo(c.retryable());
    assertThat(e.retryAfter()).as("JDA has already waited out Discord's retry-after").isEmpty();
    assertThat(e.getMessage()).isEqualTo("putting an overwrite failed");
  }

  @Test
  void retriesOnlyWhatCanClearByItself() {
    Set<Kind> retried = EnumSet.allOf(Kind.class).stream()
        .filter(k -> DiscordErrors.toSyncException(new DiscordFailure(k, "x")).retryable())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));

    assertThat(retried).containsExactlyInAnyOrder(Kind.GATEWAY_UNAVAILABLE, Kind.SERVER_ERROR,
        Kind.MEMBER_NOT_IN_GUILD, Kind.RATE_LIMITED);
  }
}
