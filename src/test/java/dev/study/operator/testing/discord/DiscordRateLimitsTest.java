package dev.study.operator.testing.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fake's rate-limit model answers as Discord does: headers on every bucketed answer, 429s past a limit. */
class DiscordRateLimitsTest {
  private static final String OVERWRITE = "/channels/200000000000000001/permissions/112233445566778899";
  private static final String OTHER_CHANNEL = "/channels/200000000000000002/permissions/112233445566778899";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final DiscordRateLimits limits = DiscordRateLimits.discordDefaults(clock);

  @Test
  void aBucketCountsDownInItsHeadersAndRefusesTheRequestPastItsLimit() {
    for (int i = 1; i <= 10; i++) {
      DiscordRateLimits.Decision d = limits.admit("PUT", OVERWRITE);
      assertThat(d.allowed()).isTrue();
      assertThat(d.headers()).containsEntry("X-RateLimit-Limit", "10")
          .containsEntry("X-RateLimit-Remaining", Integer.toString(10 - i))
          .containsEntry("X-RateLimit-Reset-After", "15.000")
          .containsKey("X-RateLimit-Bucket");
    }

    DiscordRateLimits.Decision refused = limits.admit("PUT", OVERWRITE);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.global()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(15.0);
    assertThat(refused.headers()).containsEntry("X-RateLimit-Scope", "user").containsEntry("Retry-After", "15")
        .doesNotContainKey("X-RateLimit-Global");
    assertThat(limits.refused()).isEqualTo(1);
  }

  @Test
  void aBucketIsPerChannelAndSharedByTheRoutesMethodsThatShareItsHash() {
    for (int i = 0; i < 5; i++) {
      limits.admit("PUT", OVERWRITE);
      limits.admit("DELETE", OVERWRITE);
    }

    assertThat(limits.admit("DELETE", OVERWRITE).allowed()).isFalse();
    assertThat(limits.admit("PUT", OTHER_CHANNEL).allowed()).as("another channel, another bucket").isTrue();
  }

  @Test
  void theBucketRefillsWholeAtItsReset() {
    for (int i = 0; i < 10; i++) {
      limits.admit("PUT", OVERWRITE);
    }
    clock.advance(Duration.ofMillis(14_999));
    assertThat(limits.admit("PUT", OVERWRITE).allowed()).isFalse();

    clock.advance(Duration.ofMillis(1));

    assertThat(limits.admit("PUT", OVERWRITE).headers()).containsEntry("X-RateLimit-Remaining", "9");
  }

  @Test
  void theGlobalLimitStopsEveryRouteForTheRestOfTheSecond() {
    for (int i = 0; i < 50; i++) {
      assertThat(limits.admit("GET", "/guilds/100000000000000001/members/" + i).allowed()).isTrue();
    }

    DiscordRateLimits.Decision refused = limits.admit("PUT", OVERWRITE);
    clock.advance(Duration.ofSeconds(1));

    assertThat(refused.global()).isTrue();
    assertThat(refused.headers()).containsEntry("X-RateLimit-Global", "true").containsEntry("X-RateLimit-Scope", "global")
        .doesNotContainKey("X-RateLimit-Bucket");
    assertThat(limits.admit("PUT", OVERWRITE).allowed()).isTrue();
    assertThat(limits.refusedGlobally()).isEqualTo(1);
  }

  @Test
  void anUnbucketedRouteCarriesNoBucketHeaders() {
    assertThat(limits.admit("GET", "/users/@me").headers()).isEmpty();
  }

  @Test
  void messagesHaveTheirOwnSmallerBucket() {
    for (int i = 0; i < 5; i++) {
      assertThat(limits.admit("POST", "/channels/200000000000000001/messages").allowed()).isTrue();
    }

    assertThat(limits.admit("POST", "/channels/200000000000000001/messages").retryAfterSeconds()).isEqualTo(5.0);
  }
}
