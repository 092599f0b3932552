package dev.study.operator.discord.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How welcome attempts are recorded in the ledger and counted in the condition's message and status. */
class WelcomeCountsTest {
  private static final WelcomeRecipient ALICE = new WelcomeRecipient("alice", "300000000000000001");
  private static final WelcomeRecipient BOB = new WelcomeRecipient("bob", "300000000000000002");

  record Case(String name, List<WelcomeAttempt> attempts, String describe, int welcomed, boolean deferred,
      int notInGuild) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
        new Case("nothingToWelcome", List.of(), "welcomed 0", 0, false, 0),
        new Case("countsDirectMessages", List.of(WelcomeAttempt.sent("m1"), WelcomeAttempt.sent("m2")),
            "welcomed 2", 2, false, 0),
        new Case("saysHowManyWentToTheChannel",
            List.of(WelcomeAttempt.sent("m1"), WelcomeAttempt.sentInChannel("m2", "200000000000000001")),
            "welcomed 2 (1 in the channel, DMs closed)", 2, false, 0),
        new Case("countsUndeliverableApart", List.of(WelcomeAttempt.undeliverable("403 50013")),
            "welcomed 0, 1 welcome(s) undeliverable", 0, false, 0),
        new Case("aDeferredWelcomeAsksForARetry", List.of(WelcomeAttempt.sent("m1"), WelcomeAttempt.deferred()),
            "welcomed 1, 1 welcome(s) deferred", 1, true, 0),
        new Case("membersNotInTheGuildWait", List.of(WelcomeAttempt.notInGuild(), WelcomeAttempt.notInGuild()),
            "welcomed 0, 2 welcome(s) waiting for the member to join", 0, false, 2))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void countsAttempts(Case c) {
    WelcomeCounts counts = new WelcomeCounts();
    for (int i = 0; i < c.attempts().size(); i++) {
      counts.add(i % 2 == 0 ? ALICE : BOB, c.attempts().get(i));
    }

    assertThat(counts.describe()).isEqualTo(c.describe());
    assertThat(counts.welcomed()).isEqualTo(c.welcomed());
    assertThat(counts.anyDeferred()).isEqualTo(c.deferred());
    assertThat(counts.notInGuild()).hasSize(c.notInGuild());
  }

  @Test
  void recordsWhatEndedAndNothingOfWhatWaits() {
    assertThat(WelcomeAttempt.sent("m1").recorded()).contains(WelcomeOutcome.sent);
    assertThat(WelcomeAttempt.sentInChannel("m1", "200000000000000001").recorded()).contains(WelcomeOutcome.sent);
    assertThat(WelcomeAttempt.sentInChannel("m1", "200000000000000001").detail())
        .isEqualTo("in channel 200000000000000001: direct messages closed");
    assertThat(WelcomeAttempt.undeliverable("403 50013").recorded()).contains(WelcomeOutcome.undeliverable);
    assertThat(WelcomeAttempt.notInGuild().recorded()).isEqualTo(Optional.empty());
    assertThat(WelcomeAttempt.deferred().recorded()).isEqualTo(Optional.empty());
  }
}
