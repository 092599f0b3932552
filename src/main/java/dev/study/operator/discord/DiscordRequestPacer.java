package dev.study.operator.discord;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps every REST request of the bot under Discord's global limit on its own, instead of learning it from 429s.
 * JDA handles the per-route buckets from the response headers, but it meets the global limit (50 requests a
 * second per bot) only when Discord refuses a request, and each such 429 counts towards the 10,000 invalid
 * requests in 10 minutes that get a bot banned. A cold start of a cohort wants thousands of overwrite writes at
 * once, which the per-channel buckets would let through at far more than 50 a second.
 *
 * <p>The pacer spaces requests evenly at the configured rate (a slot every 1/rate seconds, no burst), as an
 * OkHttp interceptor on JDA's client, so it sees every request JDA sends and holds JDA's requester thread until
 * its slot. Slots are handed out in arrival order.
 */
final class DiscordRequestPacer implements Interceptor {
  /** Below Discord's 50 a second, leaving room for a second replica's startup and clock skew. */
  static final int DEFAULT_REQUESTS_PER_SECOND = 45;

  /** How the pacer waits; injected so tests never really sleep. */
  @FunctionalInterface
  interface Waiter {
    void waitNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Waiter waiter;
  private long nextSlot;

  DiscordRequestPacer(int requestsPerSecond, LongSupplier nanoTime, Waiter waiter) {
    if (requestsPerSecond < 1) {
      throw new IllegalArgumentException("Discord requests per second must be at least 1");
    }
    long second = Duration.ofSeconds(1).toNanos();
    // rounded up, so a second never holds one slot more than the rate
    this.intervalNanos = (second + requestsPerSecond - 1) / requestsPerSecond;
    this.nanoTime = nanoTime;
    this.waiter = waiter;
    this.nextSlot = nanoTime.getAsLong();
  }

  static DiscordRequestPacer real(int requestsPerSecond) {
    return new DiscordRequestPacer(requestsPerSecond, System::nanoTime, nanos -> java.util.concurrent.locks
        .LockSupport.parkNanos(nanos));
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      waiter.waitNanos(reserve());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a Discord request slot");
    }
    return chain.proceed(chain.request());
  }

  /** Takes the next free slot and returns how long to wait for it (0 when it is now). */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    long slot = Math.max(now, nextSlot);
    nextSlot = slot + intervalNanos;
    return slot - now;
  }
}
