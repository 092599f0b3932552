package dev.study.operator.discord;

import static dev.study.operator.discord.DiscordWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.study.operator.testing.discord.FakeDiscord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's life: {@link ReconnectingDiscordAccess} against {@link FakeDiscord}, a fresh fake per test. */
class DiscordSessionIT {
  private static final String TOKEN = "MTE5.fake-session-token.s3cr3t";
  /** Discord's "Sharding required": not resumable, so JDA shuts the session down (gateway.mdx close codes). */
  private static final int SHARDING_REQUIRED = 4011;
  private static final int AUTHENTICATION_FAILED = 4004;

  private FakeDiscord fake;
  private String guild;
  private ReconnectingDiscordAccess access;

  @BeforeEach
  void start() {
    fake = FakeDiscord.start(TOKEN);
    guild = fake.addGuild("Study Platform", FakeDiscord.LEAST_PRIVILEGE);
  }

  @AfterEach
  void stop() {
    if (access != null) {
      access.close();
    }
    fake.close();
  }

  @Test
  void aSessionThatShutsDownIsReplacedAndListenersStillFire() throws Exception {
    List<String> drifted = new CopyOnWriteArrayList<>();
    List<String> joined = new CopyOnWriteArrayList<>();
    access = new ReconnectingDiscordAccess(settings(), Duration.ofMillis(100), Duration.ofSeconds(1));
    access.onOverwriteChanged(drifted::add); // before the first login: must reach every session
    access.start();
    assertThat(access.awaitSession(WAIT)).isTrue();
    access.onMemberJoined((g, u) -> joined.add(u)); // after it
    assertThat(access.connected()).isTrue();
    String text = fake.addTextChannel(guild, "group");

    fake.closeGatewaySessions(SHARDING_REQUIRED);

    await().atMost(WAIT).until(() -> fake.identifyCount() == 2 && access.connected());
    await().atMost(WAIT).ignoreExceptions().until(() -> access.memberOverwrites(guild, text) != null);
    String alice = fake.addMember(guild, "alice");
    fake.grantByHand(text, alice);
    String bob = fake.addUser("bob");
    fake.join(guild, bob);

    await().atMost(WAIT).until(() -> drifted.contains(text) && joined.contains(bob));
    assertThat(access.selfUserId()).isEqualTo(fake.botUserId());
  }

  @Test
  void aTokenRejectedAfterLoginIsUnauthorizedAndNotTriedAgain() throws Exception {
    access = new ReconnectingDiscordAccess(settings(), Duration.ofMillis(100), Duration.ofSeconds(1)).start();
    assertThat(access.awaitSession(WAIT)).isTrue();

    fake.resetToken("MTE5.a-new-token.s3cr3t");
    fake.closeGatewaySessions(AUTHENTICATION_FAILED);

    await().atMost(WAIT).until(() -> !access.connected());
    await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(access::selfUserId)
        .isInstanceOfSatisfying(DiscordFailure.class, e -> {
          assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.UNAUTHORIZED);
          assertThat(e.getMessage()).doesNotContain(TOKEN);
        }));
    int identifies = fake.identifyCount();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> fake.identifyCount() == identifies);
  }

  @Test
  void aStoppedSessionIsGatewayUnavailableNotAnError() throws Exception {
    JdaDiscordAccess session = JdaDiscordAccess.connect(settings());
    String alice = fake.addMember(guild, "alice");
    session.close();

    assertThatThrownBy(() -> session.sendDirectMessage(alice, "hello", "n-stopped"))
        .isInstanceOfSatisfying(DiscordFailure.class,
            e -> assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.GATEWAY_UNAVAILABLE));
    // JDA emptied its cache: a channel it cannot find now is "ask again", never "not found"
    assertThatThrownBy(() -> session.sendMessage(guild, "1399999999999999996", "hello", "n-stopped-2", java.util.Set.of()))
        .isInstanceOfSatisfying(DiscordFailure.class,
            e -> assertThat(e.kind()).isEqualTo(DiscordFailure.Kind.GATEWAY_UNAVAILABLE));
    assertThat(DiscordErrors.toSyncException(new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, "x"))
        .retryable()).isTrue();
  }

  private DiscordSettings settings() {
    return new DiscordSettings(TOKEN, fake.restBaseUrl(), fake.gatewayUrl(), Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }
}
