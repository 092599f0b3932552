package dev.study.operator.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiscordRequestPacerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void requestsArrivingTogetherAreSpacedEvenlyAtTheRate() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, n -> {});

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(pacer.reserve());
    }

    assertThat(waits).containsExactly(0L, 20_000_000L, 40_000_000L, 60_000_000L);
  }

  @Test
  void aQuietSpellEarnsNoBurst() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, n -> {});
    pacer.reserve();
    now.addAndGet(5_000_000_000L);

    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).as("the next slot is one interval on, not free").isEqualTo(20_000_000L);
  }

  @Test
  void noSecondHoldsMoreRequestsThanTheRateWhateverTheArrivals() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(45, now::get, n -> {});
    long start = now.get();
    int inFirstSecond = 0;
    for (int i = 0; i < 200; i++) {
      long sendAt = now.get() + pacer.reserve();
      if (sendAt - start < 1_000_000_000L) {
        inFirstSecond++;
      }
      now.addAndGet(3_000_000L);
    }

    assertThat(inFirstSecond).isEqualTo(45);
  }

  @Test
  void aRateOfOneASecondIsTheSlowestAndWorks() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(1, now::get, n -> {});

    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).isEqualTo(1_000_000_000L);
  }

  @Test
  void refusesARateBelowOne() {
    assertThatThrownBy(() -> new DiscordRequestPacer(0, now::get, n -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInterceptorWaitsForItsSlotThenSendsTheRequestAsItCame() throws Exception {
    List<Long> waited = new ArrayList<>();
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, waited::add);
    okhttp3.Request request = new okhttp3.Request.Builder().url("http://127.0.0.1/api/v10/users/@me").build();
    List<okhttp3.Request> sent = new ArrayList<>();
    okhttp3.Interceptor.Chain chain = chain(request, sent);

    pacer.intercept(chain);
    okhttp3.Response second = pacer.intercept(chain);

    assertThat(waited).containsExactly(0L, 20_000_000L);
    assertThat(sent).containsExactly(request, request);
    assertThat(second.code()).isEqualTo(204);
  }

  @Test
  void aWaitCutShortByAnInterruptFailsTheRequestAndKeepsTheInterrupt() {
    DiscordRequestPacer pacer = new DiscordRequestPacer(50, now::get, n -> {
      throw new InterruptedException();
    });
    okhttp3.Request request = new okhttp3.Request.Builder().url("http://127.0.0.1/api/v10/users/@me").build();
    List<okhttp3.Request> sent = new ArrayList<>();

    assertThatThrownBy(() -> pacer.intercept(chain(request, sent))).isInstanceOf(java.io.InterruptedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(sent).isEmpty();
  }

  /** The two calls of OkHttp's chain the pacer makes: the request, and proceeding with it. */
  private static okhttp3.Interceptor.Chain chain(okhttp3.Request request, List<okhttp3.Request> sent) {
    return (okhttp3.Interceptor.Chain) java.lang.reflect.Proxy.newProxyInstance(
        DiscordRequestPacerTest.class.getClassLoader(), new Class<?>[] {okhttp3.Interceptor.Chain.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "request" -> request;
          case "proceed" -> {
            sent.add((okhttp3.Request) args[0]);
            yield new okhttp3.Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(204)
                .message("No Content").build();
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
