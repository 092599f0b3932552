package dev.study.operator;

import dev.study.operator.calendar.CalendarSettings;
import dev.study.operator.calendar.CalendarSync;
import dev.study.operator.calendar.GoogleCalendarEvents;
import dev.study.operator.config.OperatorConfig;
import dev.study.operator.discord.DiscordSettings;
import dev.study.operator.discord.DiscordSync;
import dev.study.operator.discord.ReconnectingDiscordAccess;
import dev.study.operator.discord.WelcomeLedger;
import dev.study.operator.discord.WelcomingDiscordSync;
import dev.study.operator.reconcile.BackoffPolicy;
import dev.study.operator.reconcile.ChannelChanges;
import dev.study.operator.reconcile.MemberJoins;
import dev.study.operator.reconcile.SystemSync;
import dev.study.operator.reminders.DiscordReminderSender;
import dev.study.operator.reminders.JdbiReminderStore;
import dev.study.operator.reminders.ReminderDispatcher;
import dev.study.operator.reminders.ReminderSync;
import dev.study.operator.rsvp.JdbiRsvpStore;
import dev.study.operator.rsvp.RsvpSync;
import dev.study.operator.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the real adapters the configuration has credentials for. A system left out reports
 * OperatorNotConfigured on the groups that use it: reminders need both PostgreSQL and Discord, RSVPs both
 * PostgreSQL and Calendar. Discord welcomes new members only when PostgreSQL is there to remember them.
 */
public final class SystemsFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SystemsFactory.class);
  private static final int REMINDER_ATTEMPTS = 5;

  private SystemsFactory() {}

  public static OperatorSystems fromConfig(OperatorConfig config, Clock clock, MeterRegistry registry) {
    List<SystemSync<?, ?>> syncs = new ArrayList<>();
    List<ChannelChanges> changes = new ArrayList<>();
    List<MemberJoins> joins = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();

    Optional<ReconnectingDiscordAccess> discord = config.discordToken().map(token -> {
      var access = new ReconnectingDiscordAccess(new DiscordSettings(token.value(), config.discordApiUrl().toString(),
          config.discordGatewayUrl().toString()), config.backoffBase(), config.backoffCap()).start();
      resources.add(access);
      return access;
    });
    Optional<Database> database = config.database().map(db -> Database.connect(db.jdbcUrl(), db.user(),
        db.password() == null ? null : db.password().value(), null));

    discord.ifPresent(d -> {
      // with a database, new members are welcomed by DM as part of the Discord system
      // staff, moderators and other bots listed here keep their member overwrites on every managed channel
      DiscordSync access = new DiscordSync(d, config.protectedDiscordUsers());
      syncs.add(database.<SystemSync<?, ?>>map(db -> new WelcomingDiscordSync(access, d, new WelcomeLedger(db.jdbi())))
          .orElse(access));
      changes.add(d::onOverwriteChanged);
      joins.add(d::onMemberJoined);
    });

    boolean calendar = config.googleCredentialsFile().isPresent();
    config.googleCredentialsFile().ifPresent(file -> {
      CalendarSettings settings = CalendarSettings.of(file)
          .withRootUrl(config.googleCalendarRootUrl().toString())
          .withImpersonateUser(config.googleImpersonateUser().orElse(null))
          .withRequestsPerMinute(config.calendarRequestsPerMinute());
      syncs.add(new CalendarSync(GoogleCalendarEvents.create(settings)));
    });

    database.ifPresent(db -> {
      if (calendar) {
        syncs.add(new RsvpSync(new JdbiRsvpStore(db.jdbi())));
      }
      JdbiReminderStore reminders = new JdbiReminderStore(db.jdbi());
      if (discord.isPresent()) {
        syncs.add(new ReminderSync(reminders));
        var backoff = new BackoffPolicy(config.backoffBase(), config.backoffCap(),
            () -> ThreadLocalRandom.current().nextDouble());
        resources.add(new ReminderDispatcher(reminders, new DiscordReminderSender(discord.get()), clock, backoff,
            REMINDER_ATTEMPTS, registry).start(config.reminderPollInterval()));
      }
    });
    LOG.info("systems configured: {}", syncs.stream().map(s -> s.kind().conditionType()).toList());
    return new OperatorSystems(syncs, discord.orElse(null), changes, joins, resources);
  }
}
