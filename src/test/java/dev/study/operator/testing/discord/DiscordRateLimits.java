package dev.study.operator.testing.discord;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Discord's REST rate limits as the fake enforces them when asked to: a global limit per bot (50 requests a
 * second, "Global Rate Limits ... 50 requests per second", support-dev.discord.com article 6223003921559) and
 * per-route buckets keyed by route and major parameter ("per-route rate limits often account for top-level
 * resources within the path", docs.discord.com/developers/topics/rate-limits). Every answer to a bucketed route
 * carries X-RateLimit-Limit, -Remaining, -Reset, -Reset-After and -Bucket, as Discord's do; a request over a limit
 * gets a 429 with Retry-After, X-RateLimit-Scope (user or global) and, for the global one, X-RateLimit-Global.
 *
 * <p>Discord publishes no per-route figures and says not to hard-code them. The defaults are the ones seen on the
 * wire and reported in Discord's own tracker: channel edits 10 per 15 s (discord-api-docs#2208), which this
 * model also applies to a channel's permission overwrites, and messages 5 per 5 s per channel
 * (discord-api-docs#2761). A window is fixed: it opens at the first request and the bucket refills whole at
 * its reset, as the Reset header says. Not thread-safe on its own; the fake calls it under its lock.
 */
public final class DiscordRateLimits {
  /** A bucket rule: the routes it covers (method and template), how many requests per window, its hash. */
  public record Rule(String method, Pattern route, int limit, Duration window, String hash) {}

  /** What the limits say about one request: let it through with these headers, or refuse it with a 429. */
  public record Decision(boolean allowed, boolean global, double retryAfterSeconds, Map<String, String> headers) {}

  public static final int GLOBAL_PER_SECOND = 50;
  public static final List<Rule> DEFAULT_RULES = List.of(
      new Rule("PUT", Pattern.compile("^/channels/(\\d+)/permissions/\\d+$"), 10, Duration.ofSeconds(15),
          "80c17d2f203122d936070c88c8d10f33"),
      new Rule("DELETE", Pattern.compile("^/channels/(\\d+)/permissions/\\d+$"), 10, Duration.ofSeconds(15),
          "80c17d2f203122d936070c88c8d10f33"),
      new Rule("POST", Pattern.compile("^/channels/(\\d+)/messages$"), 5, Duration.ofSeconds(5),
          "b9d48ca3f3a8e2d5c7e1f0a4b6c8d2e4"));

  private final Clock clock;
  private final int globalPerSecond;
  private final List<Rule> rules;
  private final Map<String, Window> buckets = new HashMap<>();
  private Window global;
  private int refused;
  private int refusedGlobal;

  public DiscordRateLimits(Clock clock, int globalPerSecond, List<Rule> rules) {
    this.clock = clock;
    this.globalPerSecond = globalPerSecond;
    this.rules = List.copyOf(rules);
  }

  public static DiscordRateLimits discordDefaults(Clock clock) {
    return new DiscordRateLimits(clock, GLOBAL_PER_SECOND, DEFAULT_RULES);
  }

  /** Counts the request against the global limit and its bucket, and says whether it may be answered. */
  public Decision admit(String method, String path) {
    long now = clock.millis();
    if (global == null || now >= global.resetAt) {
      global = new Window(globalPerSecond, now + 1000);
    }
    Optional<Rule> rule = ruleFor(method, path);
    Window bucket = rule.map(r -> bucket(r, path, now)).orElse(null);
    if (global.remaining <= 0) {
      refused++;
      refusedGlobal++;
      return refusal(now, global, rule.orElse(null), bucket, true);
    }
    if (bucket != null && bucket.remaining <= 0) {
      refused++;
      return refusal(now, bucket, rule.get(), bucket, false);
    }
    global.remaining--;
    if (bucket == null) {
      return new Decision(true, false, 0, Map.of());
    }
    bucket.remaining--;
    return new Decision(true, false, 0, bucketHeaders(rule.get(), bucket, now));
  }

  /** Requests refused with a 429 so far, and of those the ones refused by the global limit. */
  public int refused() {
    return refused;
  }

  public int refusedGlobally() {
    return refusedGlobal;
  }

  private Decision refusal(long now, Window over, Rule rule, Window bucket, boolean isGlobal) {
    double retryAfter = Math.max(0.001, (over.resetAt - now) / 1000.0);
    Map<String, String> headers = new LinkedHashMap<>();
    // a global 429 speaks of no bucket: the rate-limit docs' global example carries only Retry-After,
    // X-RateLimit-Global and X-RateLimit-Scope
    if (!isGlobal && rule != null && bucket != null) {
      headers.putAll(bucketHeaders(rule, bucket, now));
    }
    headers.put("Retry-After", Long.toString((long) Math.ceil(retryAfter)));
    headers.put("X-RateLimit-Scope", isGlobal ? "global" : "user");
    if (isGlobal) {
      headers.put("X-RateLimit-Global", "true");
    }
    return new Decision(false, isGlobal, retryAfter, headers);
  }

  private Map<String, String> bucketHeaders(Rule rule, Window bucket, long now) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", Integer.toString(rule.limit()));
    headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, bucket.remaining)));
    headers.put("X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", bucket.resetAt / 1000.0));
    headers.put("X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f",
        Math.max(0, bucket.resetAt - now) / 1000.0));
    headers.put("X-RateLimit-Bucket", rule.hash());
    return headers;
  }

  private Optional<Rule> ruleFor(String method, String path) {
    return rules.stream().filter(r -> r.method().equals(method) && r.route().matcher(path).matches()).findFirst();
  }

  /** The window of a bucket and major parameter (the channel id), opened at its first request. */
  private Window bucket(Rule rule, String path, long now) {
    var m = rule.route().matcher(path);
    String major = m.matches() && m.groupCount() > 0 ? m.group(1) : "";
    String key = rule.hash() + ":" + major;
    Window w = buckets.get(key);
    if (w == null || now >= w.resetAt) {
      w = new Window(rule.limit(), now + rule.window().toMillis());
      buckets.put(key, w);
    }
    return w;
  }

  private static final class Window {
    private int remaining;
    private final long resetAt;

    private Window(int limit, long resetAt) {
      this.remaining = limit;
      this.resetAt = resetAt;
    }
  }
}
