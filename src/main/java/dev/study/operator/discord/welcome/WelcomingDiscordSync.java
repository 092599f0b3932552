package dev.study.operator.discord.welcome;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.WelcomeSpec;
import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordReasons;
import dev.study.operator.discord.DiscordSync;
import dev.study.operator.discord.ObservedOverwrites;
import dev.study.operator.discord.OverwritePlan;
import dev.study.operator.store.DatabaseUnavailable;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord system with welcomes: channel access as {@link DiscordSync} keeps it, and then one welcome to each
 * new member, recorded in the {@link WelcomeLedger} so that each membership is welcomed once. When a welcome is
 * sent, deferred or recorded as undeliverable: docs/reminders-rsvps-welcome.md.
 *
 * <p><b>Why a wrapper, not a system of its own fed through {@link GroupContext}</b> as RSVPs are fed by Calendar:
 * a welcome is not a separate outside system but more Discord writes for the same memberships. It reports in
 * DiscordSynced and {@code status.discord}, so a system of its own would add a condition type users see. And it
 * needs the same apply's result, not another system's observation: a member whose grant Discord refused as "not in
 * the guild" is not DM'd. The hand-off through {@code GroupContext} carries what one system observed to the next;
 * this wrapper runs its welcomes between {@link DiscordSync#write} and {@link DiscordSync#report} instead.
 *
 * <p>The ledger is PostgreSQL's; channel access never waits for it. Its failures are {@link DatabaseUnavailable},
 * caught where the welcomes start (observe, apply) and turned into a report in one place ({@link #report}).
 */
public final class WelcomingDiscordSync
    implements SystemSync<ObservedOverwritesAndWelcomes, OverwriteAndWelcomePlan> {
  private static final Logger LOG = LoggerFactory.getLogger(WelcomingDiscordSync.class);
  /** Well inside Discord's nonce window ("a few minutes", change-log.mdx), long enough for a blip to pass. */
  static final Duration WELCOME_RETRY = Duration.ofSeconds(5);

  private final DiscordSync channelAccess;
  private final WelcomeSender sender;
  private final WelcomeLedger ledger;

  public WelcomingDiscordSync(DiscordAccess discord, WelcomeLedger ledger) {
    this(new DiscordSync(discord), discord, ledger);
  }

  /** With the {@link DiscordSync} to use, e.g. one with protected user ids. */
  public WelcomingDiscordSync(DiscordSync channelAccess, DiscordAccess discord, WelcomeLedger ledger) {
    this.channelAccess = channelAccess;
    this.sender = new WelcomeSender(discord);
    this.ledger = ledger;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.DISCORD;
  }

  @Override
  public ObservedOverwritesAndWelcomes observe(GroupContext group) throws SyncException {
    ObservedOverwrites overwrites = channelAccess.observe(group);
    try {
      return ObservedOverwritesAndWelcomes.read(overwrites, ledger.read(group.uid()));
    } catch (DatabaseUnavailable e) {
      return ObservedOverwritesAndWelcomes.ledgerUnreadable(overwrites, e);
    }
  }

  @Override
  public OverwriteAndWelcomePlan plan(GroupContext group, ObservedOverwritesAndWelcomes observed) {
    OverwritePlan overwrites = channelAccess.plan(group, observed.overwrites());
    if (observed.ledgerUnreadable() != null) {
      return new OverwriteAndWelcomePlan(overwrites, WelcomePlan.NONE, observed.ledgerUnreadable());
    }
    WelcomePlan welcomes = WelcomeDiff.plan(group.spec().getMembers(),
        WelcomeSpec.initialMembersOf(group.spec().getWelcome()), observed.welcomes());
    return new OverwriteAndWelcomePlan(overwrites, welcomes, null);
  }

  @Override
  public SyncReport apply(GroupContext group, OverwriteAndWelcomePlan plan) throws SyncException {
    DiscordSync.Writes writes = channelAccess.write(group, plan.overwrites());
    WelcomeCounts counts = new WelcomeCounts();
    if (plan.ledgerUnreadable() != null) {
      return report(group, plan, writes, counts, plan.ledgerUnreadable(), "welcomes wait");
    }
    try {
      welcome(group, plan.welcomes(), writes.notInGuild(), counts);
    } catch (DatabaseUnavailable e) {
      LOG.warn("welcomes of {}: {}", group.ref(), e.getMessage());
      return report(group, plan, writes, counts, e, counts.describe());
    }
    return report(group, plan, writes, counts, null, counts.describe());
  }

  /**
   * Writes the plan's bookkeeping, then welcomes the members in order, recording each outcome before the next.
   * Stops at the first welcome that failed for a passing reason: Discord is failing, and the rest can wait.
   */
  private void welcome(GroupContext group, WelcomePlan plan, Set<String> knownNotInGuild, WelcomeCounts counts)
      throws DatabaseUnavailable {
    ledger.prepare(group.uid(), plan);
    for (WelcomeRecipient r : plan.send()) {
      WelcomeAttempt attempt = sender.send(group, r, knownNotInGuild);
      if (attempt.recorded().isPresent()) {
        ledger.record(group.uid(), r, attempt.recorded().get(), attempt.messageId(), attempt.detail());
      }
      counts.add(r, attempt);
      if (attempt.ending() == WelcomeAttempt.Ending.DEFERRED) {
        return;
      }
    }
  }

  /**
   * The Discord part's report with the welcomes added. A ledger failure makes the sync partial. A welcome whose
   * outcome is unknown (timeout, 5xx, throttled) makes it retryable-partial with a short retry-after, so the
   * backoff tries again well inside Discord's nonce window (a few minutes) rather than at the resync, where a
   * DM that did land would be sent a second time. A refused welcome alone fails nothing.
   *
   * @param ledgerFailure why the ledger could not be read or written, or null
   */
  private SyncReport report(GroupContext group, OverwriteAndWelcomePlan plan, DiscordSync.Writes writes,
      WelcomeCounts counts, DatabaseUnavailable ledgerFailure, String welcomes) {
    SyncReport access = channelAccess.report(group, plan.overwrites(), writes, counts.notInGuild());
    SystemCounts contribution = access.counts();
    if (contribution instanceof SystemCounts.Discord discord) {
      discord.status().setWelcomed(counts.welcomed());
    }
    String message = access.message() + "; " + (ledgerFailure == null ? "" : ledgerFailure.getMessage() + "; ")
        + welcomes;
    if (ledgerFailure != null) {
      return SyncReport.partial(ledgerFailure.reason(), message, null, contribution);
    }
    if (counts.anyDeferred()) {
      return SyncReport.partial(DiscordReasons.WELCOME_PENDING, message, WELCOME_RETRY, contribution);
    }
    return new SyncReport(access.outcome(), access.reason(), message, null, contribution);
  }

  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return channelAccess.targets(spec);
  }

  /**
   * Removes the overwrites as {@link DiscordSync} does, then forgets the group's welcomes. A ledger that cannot be
   * written fails the cleanup as DatabaseUnavailable, which is retryable: the finalizer waits for PostgreSQL.
   */
  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    channelAccess.cleanup(group, targets);
    ledger.deleteGroup(group.uid());
  }
}
