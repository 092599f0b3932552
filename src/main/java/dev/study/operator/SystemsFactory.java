package dev.study.operator;

import dev.study.operator.calendar.CalendarSettings;
import dev.study.operator.calendar.CalendarSync;
import dev.study.operator.calendar.GoogleCalendarApi;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.CachedOverwriteDrift;
import dev.study.operator.discord.DiscordSettings;
import dev.study.operator.discord.DiscordSync;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.discord.welcome.JdbiWelcomeLedger;
import dev.study.operator.discord.welcome.WelcomingDiscordSync;
import dev.study.operator.retry.BackoffPolicy;
import dev.study.operator.reconcile.ChannelChanges;
import dev.study.operator.reconcile.MemberJoins;
import dev.study.operator.reconcile.OverwriteDrift;
import dev.study.operator.sync.SystemSync;
import dev.study.operator.reminders.DiscordReminderSender;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.ReminderDispatcher;
import dev.study.operator.reminders.ReminderSync;
import dev.study.operator.rsvp.JdbiRsvpStore;
import dev.study.operator.rsvp.RsvpSync;
import dev.study.operator.store.Database;
import dev.study.operator.metrics.OutboundMetrics;
import dev.study.operator.metrics.OverdueReminders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.study.operator.store.PoolSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the real adapters the configuration has credentials for. A system left out reports
 * OperatorNotConfigured on the groups that use it: reminders need both PostgreSQL and Discord, RSVPs both
 * PostgreSQL and Calendar. Discord welcomes new members only when PostgreSQL is configured to remember them.
 * PostgreSQL being down at startup leaves them all configured: they report DatabaseUnavailable until it is back.
 */
public final class SystemsFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SystemsFactory.class);
  /** Longer than a send can take (JDA's 30 s request timeout), so a live replica keeps its claims. */
  static final Duration REMINDER_LEASE = Duration.ofMinutes(2);
  /**
   * How long the dispatcher may go without finishing a pass (or a reminder of a long one) before /healthz fails:
   * a single send may take 30 s and a database call up to the socket timeout, so not less than two minutes.
   */
  static final Duration REMINDER_STALL_FLOOR = Duration.ofMinutes(2);
  /** The longest wait between two migration attempts while PostgreSQL is away. */
  static final Duration DATABASE_RETRY_CAP = Duration.ofSeconds(30);
  /** How long startup waits for the first migration before going on without PostgreSQL. */
  static final Duration DATABASE_STARTUP_WAIT = Duration.ofSeconds(10);

  private SystemsFactory() {}

  public static OperatorSystems fromConfig(OperatorConfig config, Clock clock, MeterRegistry registry) {
    return fromConfig(config, clock, registry, new OperatorHealth());
  }

  /** Also registers the health checks of what it builds. */
  public static OperatorSystems fromConfig(OperatorConfig config, Clock clock, MeterRegistry registry,
      OperatorHealth health) {
    List<SystemSync<?, ?>> syncs = new ArrayList<>();
    List<ChannelChanges> changes = new ArrayList<>();
    List<MemberJoins> joins = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    OutboundMetrics outbound = new OutboundMetrics(registry);

    Optional<ReconnectingDiscordAccess> discord = config.discordToken().map(token -> {
      var access = new ReconnectingDiscordAccess(new DiscordSettings(token.value(), config.discordApiUrl().toString(),
          config.discordGatewayUrl().toString()).withMetrics(outbound)
          .withRequestsPerSecond(config.discordRequestsPerSecond()), config.backoffBase(), config.backoffCap()).start();
      resources.add(access);
      return access;
    });
    discord.ifPresent(d -> health.degraded("discord",
        () -> d.connected() ? Optional.empty() : Optional.of("gateway session not connected")));
    Optional<Database> database = config.database().map(db -> {
      Database started = Database.start(db.jdbcUrl(), db.user(), db.password() == null ? null : db.password().value(),
          null, poolSettings(config), config.backoffBase(), DATABASE_RETRY_CAP);
      resources.add(started);
      health.degraded("database", started::problem);
      try {
        // A short wait, so that with PostgreSQL up the first reconciles find the schema rather than a retry.
        if (!started.awaitMigrated(DATABASE_STARTUP_WAIT)) {
          LOG.warn("PostgreSQL is not ready after {}; starting without it, it is retried in the background",
              DATABASE_STARTUP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return started;
    });

    discord.ifPresent(d -> {
      // with a database, new members are welcomed by DM as part of the Discord system
      // staff, moderators and other bots listed here keep their member overwrites on every managed channel
      DiscordSync access = new DiscordSync(d, config.protectedDiscordUsers());
      syncs.add(database.<SystemSync<?, ?>>map(db -> new WelcomingDiscordSync(access, d, new JdbiWelcomeLedger(db)))
          .orElse(access));
      changes.add(d::onChannelChanged);
      joins.add(d::onMemberJoined);
    });

    boolean calendar = config.googleCredentialsFile().isPresent();
    config.googleCredentialsFile().ifPresent(file -> {
      CalendarSettings settings = CalendarSettings.of(file)
          .withRootUrl(config.googleCalendarRootUrl().toString())
          .withImpersonateUser(config.googleImpersonateUser().orElse(null))
          .withRequestsPerMinute(config.calendarRequestsPerMinute())
          .withMetrics(outbound);
      // the alert StudyGroupCalendarQuotaNearLimit divides the calls a minute by this
      Gauge.builder("studygroup.calendar.quota.requests.per.minute", settings::requestsPerMinute)
          .description("The configured CALENDAR_REQUESTS_PER_MINUTE, in Google quota units")
          .register(registry);
      syncs.add(new CalendarSync(GoogleCalendarApi.create(settings)));
    });

    database.ifPresent(db -> {
      if (calendar) {
        syncs.add(new RsvpSync(new JdbiRsvpStore(db)));
      }
      JdbiReminderStore reminders = new JdbiReminderStore(db);
      discord.ifPresent(d -> {
        syncs.add(new ReminderSync(reminders));
        var backoff = new BackoffPolicy(config.backoffBase(), config.backoffCap(),
            () -> ThreadLocalRandom.current().nextDouble());
        // Only while this replica's gateway is connected: a replica still logging in claims nothing.
        ReminderDispatcher dispatcher = new ReminderDispatcher(reminders, new DiscordReminderSender(d, d::connected),
            clock, backoff, REMINDER_LEASE, d::connected, registry).start(config.reminderPollInterval());
        resources.add(dispatcher);
        OverdueReminders.register(registry, db, clock);
        Duration stallAfter = max(config.reminderPollInterval().multipliedBy(10), REMINDER_STALL_FLOOR);
        health.liveness("reminder-dispatcher", () -> dispatcher.stalled(stallAfter));
      });
    });
    LOG.info("systems configured: {}", syncs.stream().map(s -> s.kind().conditionType()).toList());
    // Closed in reverse: the dispatcher stops before the pool it uses.
    java.util.Collections.reverse(resources);
    // the gateway's echo of the operator's own overwrite writes is no reason to reconcile; a hand edit is
    OverwriteDrift drift = discord.<OverwriteDrift>map(d -> new CachedOverwriteDrift(d, config.protectedDiscordUsers()))
        .orElse(OverwriteDrift.ALWAYS);
    return new OperatorSystems(syncs, discord.orElse(null), changes, joins, drift, resources);
  }

  /** The default timeouts, with DATABASE_POOL_SIZE connections. */
  static PoolSettings poolSettings(OperatorConfig config) {
    PoolSettings d = PoolSettings.defaults();
    return new PoolSettings(config.databasePoolSize(), d.connectTimeout(), d.socketTimeout(), d.statementTimeout());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
