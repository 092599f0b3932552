package dev.study.operator.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting of the operator, loaded once from environment variables and the files they name. The only
 * place that reads the environment. The Kubernetes connection itself comes from the usual kubeconfig or
 * in-cluster configuration, read by the fabric8 client.
 *
 * <p>Sharding: {@code WATCH_LABEL_SELECTOR} limits the StudyGroups this operator watches (and so reconciles), and
 * {@code SHARD_NAME} names the shard, which gives it a Lease of its own ({@code studygroup-operator-<shard>}
 * unless {@code LEADER_ELECTION_LEASE} says otherwise): the replicas of one shard elect one leader among
 * themselves, never one for all shards. See docs/install.md, "Shards".
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    Optional<LabelSelector> watchLabelSelector,
    Optional<String> shard,
    Duration resyncInterval,
    Duration backoffBase,
    Duration backoffCap,
    Set<String> allowedGuilds,
    Set<String> allowedCalendars,
    Set<String> allowedDiscordCategories,
    Set<String> protectedDiscordUsers,
    double removalHoldThreshold,
    int removalHoldExemptUpTo,
    Optional<DatabaseSettings> database,
    Optional<Secret> discordToken,
    URI discordApiUrl,
    URI discordGatewayUrl,
    int discordRequestsPerSecond,
    Optional<Path> googleCredentialsFile,
    URI googleCalendarRootUrl,
    Optional<String> googleImpersonateUser,
    int calendarRequestsPerMinute,
    Duration reminderPollInterval,
    boolean leaderElection,
    String leaseNamespace,
    String leaseName,
    Duration leaseDuration,
    Duration leaseRenewDeadline,
    Duration leaseRetryPeriod,
    int httpPort,
    int databasePoolSize,
    int reconcileThreads) {

  /** The Lease of an unsharded operator, and of the default shard; a named shard's adds "-" and its name. */
  public static final String DEFAULT_LEASE = "studygroup-operator";
  /** A DNS label short enough that "studygroup-operator-" and it stay within 63 characters. */
  private static final Pattern SHARD = Pattern.compile("[a-z0-9]([-a-z0-9]{0,41}[a-z0-9])?");

  public static OperatorConfig fromEnvironment() {
    return load(System.getenv());
  }

  public static OperatorConfig load(Map<String, String> env) {
    Settings s = new Settings(env);
    Duration base = s.duration("BACKOFF_BASE", "5s");
    Duration cap = s.duration("BACKOFF_CAP", "10m");
    if (cap.compareTo(base) < 0) {
      throw new ConfigException("BACKOFF_CAP (" + cap + ") must not be shorter than BACKOFF_BASE (" + base + ")");
    }
    boolean leaderElection = s.flag("LEADER_ELECTION", false);
    // client-go's defaults, which JOSDK uses too: a standby takes over at most a lease after the leader died
    Duration leaseDuration = s.duration("LEADER_ELECTION_LEASE_DURATION", "15s");
    Duration renewDeadline = s.duration("LEADER_ELECTION_RENEW_DEADLINE", "10s");
    Duration retryPeriod = s.duration("LEADER_ELECTION_RETRY_PERIOD", "2s");
    if (!(retryPeriod.compareTo(renewDeadline) < 0 && renewDeadline.compareTo(leaseDuration) < 0)) {
      throw new ConfigException("leader election needs LEADER_ELECTION_RETRY_PERIOD (" + retryPeriod
          + ") < LEADER_ELECTION_RENEW_DEADLINE (" + renewDeadline + ") < LEADER_ELECTION_LEASE_DURATION ("
          + leaseDuration + ")");
    }
    String leaseNamespace = s.text("LEADER_ELECTION_NAMESPACE").or(() -> s.text("POD_NAMESPACE")).orElse(null);
    if (leaderElection && leaseNamespace == null) {
      throw new ConfigException("LEADER_ELECTION is on, so LEADER_ELECTION_NAMESPACE or POD_NAMESPACE must be set");
    }
    Optional<String> shard = s.text("SHARD_NAME");
    shard.ifPresent(name -> {
      if (!SHARD.matcher(name).matches()) {
        throw new ConfigException("SHARD_NAME must be a DNS label of at most 43 characters (lowercase letters, digits"
            + " and '-'), as it becomes part of the Lease name; got \"" + name + "\"");
      }
    });
    return new OperatorConfig(
        s.list("WATCH_NAMESPACES"),
        s.text("WATCH_LABEL_SELECTOR").map(text -> LabelSelector.parse("WATCH_LABEL_SELECTOR", text)),
        shard,
        s.duration("RESYNC_INTERVAL", "10m"),
        base,
        cap,
        s.list("ALLOWED_DISCORD_GUILDS"),
        s.list("ALLOWED_CALENDARS"),
        s.list("ALLOWED_DISCORD_CATEGORIES"),
        s.list("PROTECTED_DISCORD_USERS"),
        s.fraction("REMOVAL_HOLD_THRESHOLD", 0.25),
        s.integer("REMOVAL_HOLD_EXEMPT_UP_TO", 3, 0),
        DatabaseSettings.from(s),
        s.secret("DISCORD_TOKEN"),
        url(s, "DISCORD_API_URL", "https://discord.com/api/v10/"),
        url(s, "DISCORD_GATEWAY_URL", "wss://gateway.discord.gg"),
        // under Discord's 50 a second per bot; shards and replicas share the bot, so divide it among them
        s.integer("DISCORD_REQUESTS_PER_SECOND", 45, 1),
        s.existingFile("GOOGLE_APPLICATION_CREDENTIALS"),
        url(s, "GOOGLE_CALENDAR_ROOT_URL", "https://www.googleapis.com/"),
        s.text("GOOGLE_IMPERSONATE_USER"),
        s.integer("CALENDAR_REQUESTS_PER_MINUTE", 570, 3),
        s.duration("REMINDER_POLL_INTERVAL", "200ms"),
        leaderElection,
        leaseNamespace,
        s.text("LEADER_ELECTION_LEASE").orElse(shard.map(name -> DEFAULT_LEASE + "-" + name).orElse(DEFAULT_LEASE)),
        leaseDuration,
        renewDeadline,
        retryPeriod,
        s.integer("HTTP_PORT", 8080, 0),
        // HikariCP's own default; 4 kept up to half of the 50 reconcile threads waiting for a connection (bench)
        s.integer("DATABASE_POOL_SIZE", 10, 1),
        // JOSDK's default; each thread spends most of a reconcile waiting on Discord and Calendar
        s.integer("RECONCILE_THREADS", 50, 1));
  }

  /** Values to mask wherever text leaves the operator (status, events, logs). */
  public List<String> secretValues() {
    List<String> out = new ArrayList<>();
    discordToken.ifPresent(t -> out.add(t.value()));
    database.map(DatabaseSettings::password).ifPresent(p -> out.add(p.value()));
    googleCredentialsFile.ifPresent(file -> out.addAll(ServiceAccountKey.secretParts(file)));
    return out;
  }

  private static URI url(Settings s, String name, String fallback) {
    String value = s.text(name, fallback);
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " must be an absolute URL, got \"" + value + "\"");
    }
  }
}
