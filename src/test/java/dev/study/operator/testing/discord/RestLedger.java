package dev.study.operator.testing.discord;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The REST requests the fake received, counted by route, and the fault rules they are checked against. */
final class RestLedger {
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
  private volatile DiscordRateLimits limits;

  void record(RecordedRequest request) {
    requests.add(request);
  }

  /** The first rule that matches and still has a use left, which it takes; null when none. */
  FaultRule take(String method, String path) {
    return faults.stream().filter(f -> f.matches(method, path)).filter(FaultRule::take).findFirst().orElse(null);
  }

  /**
   * The rule's answer. A 429 carries what JDA reads (FACTS.md, "429"): an integer Retry-After, the X-RateLimit-*
   * headers, and {@code Via}, without which JDA takes it for a Cloudflare ban.
   */
  static Reply faultReply(FaultRule fault, Clock clock) {
    Reply reply = Reply.json(fault.status(), fault.body());
    if (fault.status() == 429) {
      int seconds = fault.retryAfterSeconds();
      reply.headers.put("Retry-After", Integer.toString(seconds));
      reply.headers.put("X-RateLimit-Limit", "5");
      reply.headers.put("X-RateLimit-Remaining", "0");
      reply.headers.put("X-RateLimit-Reset", String.format("%.3f", clock.millis() / 1000.0 + seconds));
      reply.headers.put("X-RateLimit-Reset-After", String.format("%.3f", (double) seconds));
      reply.headers.put("X-RateLimit-Bucket", "d7b2c6f1e0a94b3c8e5f7a6b9c0d1e2f");
      reply.headers.put("X-RateLimit-Scope", fault.global() ? "global" : "user");
      reply.headers.put("Via", "1.1 google");
      if (fault.global()) {
        reply.headers.put("X-RateLimit-Global", "true");
      }
    }
    return reply;
  }

  /** Discord's rate limits, enforced from now on; null turns them off. */
  void enforce(DiscordRateLimits rateLimits) {
    this.limits = rateLimits;
  }

  /** What the enforced limits say about a call (counted against them); null when none are enforced. */
  DiscordRateLimits.Decision admit(String method, String path) {
    DiscordRateLimits l = limits;
    if (l == null) {
      return null;
    }
    synchronized (l) {
      return l.admit(method, path);
    }
  }

  int rateLimited() {
    DiscordRateLimits l = limits;
    return l == null ? 0 : l.refused();
  }

  int rateLimitedGlobally() {
    DiscordRateLimits l = limits;
    return l == null ? 0 : l.refusedGlobally();
  }

  /** The 429 Discord sends past a limit: its JSON body and headers, with {@code Via} as JDA expects. */
  static Reply rateLimitReply(DiscordRateLimits.Decision limited) {
    Reply reply = Reply.json(429, new io.vertx.core.json.JsonObject().put("message", "You are being rate limited.")
        .put("retry_after", limited.retryAfterSeconds()).put("global", limited.global()));
    reply.headers.putAll(limited.headers());
    reply.headers.put("Via", "1.1 google");
    return reply;
  }

  void addFault(FaultRule rule) {
    faults.add(rule);
  }

  void clearFaults() {
    faults.clear();
  }

  int count(String route) {
    return (int) requests.stream().filter(r -> r.route().equals(route)).count();
  }

  int restCount() {
    return requests.size();
  }

  int writeCount() {
    return (int) requests.stream().filter(RecordedRequest::isWrite).count();
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
    return requests.stream().filter(filter).toList();
  }

  void reset() {
    requests.clear();
  }
}
