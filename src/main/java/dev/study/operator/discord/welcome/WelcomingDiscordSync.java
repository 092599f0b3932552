package dev.study.operator.discord.welcome;

import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.WelcomeSpec;
import dev.study.operator.discord.DiscordAccess;
import dev.study.operator.discord.DiscordFailure;
import dev.study.operator.discord.DiscordReasons;
import dev.study.operator.discord.DiscordSync;
import dev.study.operator.discord.ObservedOverwrites;
import dev.study.operator.discord.OverwritePlan;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.Plan;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord system with welcomes: channel access as {@link DiscordSync} keeps it, and then one direct message
 * to each new member, recorded in the {@link WelcomeLedger} so that each membership is welcomed once.
 *
 * <p>A member is welcomed once they are in the guild (one REST lookup per pending welcome) and their grants
 * went through; a member not in the guild yet waits, unrecorded, and is welcomed at the sync their join
 * triggers. A DM Discord refuses for good (DMs closed, 50007, or an unknown user) is logged, recorded as
 * undeliverable so it is not retried forever, and does not fail DiscordSynced. A DM that fails for a passing
 * reason (5xx, timeout, gateway down, 40003 DMs opened too fast) is not recorded, and the report asks for a
 * retry within seconds with the same nonce, which Discord enforces for a few minutes: one membership, one DM.
 *
 * <p>A member whose DMs are closed (50007) is welcomed once in the group's text channel instead, mentioning
 * only them; the ledger records the welcome as sent, with the channel as its detail.
 */
public final class WelcomingDiscordSync implements SystemSync<WelcomingDiscordSync.Observation,
    WelcomingDiscordSync.Changes> {
  public static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";
  private static final Logger LOG = LoggerFactory.getLogger(WelcomingDiscordSync.class);
  /** Well inside Discord's nonce window ("a few minutes", change-log.mdx), long enough for a blip to pass. */
  static final Duration WELCOME_RETRY = Duration.ofSeconds(5);
  /** Refusals retrying cannot fix: the DM is recorded as undeliverable. */
  private static final Set<DiscordFailure.Kind> UNDELIVERABLE = EnumSet.of(DiscordFailure.Kind.MISSING_PERMISSIONS,
      DiscordFailure.Kind.MEMBER_NOT_IN_GUILD, DiscordFailure.Kind.CHANNEL_NOT_FOUND, DiscordFailure.Kind.REJECTED);

  private final DiscordSync access;
  private final DiscordAccess discord;
  private final WelcomeLedger ledger;

  public WelcomingDiscordSync(DiscordAccess discord, WelcomeLedger ledger) {
    this(new DiscordSync(discord), discord, ledger);
  }

  /** With the {@link DiscordSync} to use, e.g. one with protected user ids. */
  public WelcomingDiscordSync(DiscordSync access, DiscordAccess discord, WelcomeLedger ledger) {
    this.access = access;
    this.discord = discord;
    this.ledger = ledger;
  }

  /** The channels' overwrites, and the ledger (null when it could not be read, with the reason). */
  public record Observation(ObservedOverwrites overwrites, ObservedWelcomes history, String ledgerError) {}

  /** The overwrite writes and the welcomes; {@code ledgerError} when the ledger could not be read. */
  public record Changes(OverwritePlan access, WelcomePlan welcome, String ledgerError) implements Plan {
    @Override
    public boolean isEmpty() {
      return access.isEmpty() && welcome.isEmpty();
    }

    @Override
    public String summary() {
      return welcome.isEmpty() ? access.summary() : access.summary() + ", " + welcome.summary();
    }
  }

  @Override
  public SystemKind kind() {
    return SystemKind.DISCORD;
  }

  @Override
  public Observation observe(GroupContext group) throws SyncException {
    ObservedOverwrites overwrites = access.observe(group);
    try {
      return new Observation(overwrites, ledger.read(group.uid()), null);
    } catch (JdbiException e) {
      // channel access does not wait for the database; only the welcomes do
      return new Observation(overwrites, null, "cannot read the welcome ledger: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public Changes plan(GroupContext group, Observation observed) {
    OverwritePlan accessPlan = access.plan(group, observed.overwrites());
    if (observed.history() == null) {
      return new Changes(accessPlan, WelcomePlan.NONE, observed.ledgerError());
    }
    WelcomePlan welcome = WelcomeDiff.plan(group.spec().getMembers(),
        WelcomeSpec.initialMembersOf(group.spec().getWelcome()), observed.history());
    return new Changes(accessPlan, welcome, null);
  }

  @Override
  public SyncReport apply(GroupContext group, Changes plan) throws SyncException {
    DiscordSync.Writes writes = access.write(group, plan.access());
    if (plan.ledgerError() != null) {
      return merge(access.report(group, plan.access(), writes, Set.of()), new Tally(), DATABASE_UNAVAILABLE,
          plan.ledgerError() + "; welcomes wait");
    }
    Tally tally = new Tally();
    String ledgerFailure = null;
    try {
      ledger.prepare(group.uid(), plan.welcome());
      for (WelcomeRecipient r : plan.welcome().send()) {
        if (!welcome(group, r, writes.notInGuild(), tally)) {
          break;
        }
      }
    } catch (JdbiException e) {
      ledgerFailure = "cannot write the welcome ledger: " + e.getClass().getSimpleName();
      LOG.warn("welcomes of {}: {}", group.ref(), ledgerFailure);
    }
    SyncReport accessReport = access.report(group, plan.access(), writes, tally.notInGuild);
    if (ledgerFailure != null) {
      return merge(accessReport, tally, DATABASE_UNAVAILABLE, ledgerFailure + "; " + tally.describe());
    }
    return merge(accessReport, tally, null, tally.describe());
  }

  /**
   * Welcomes one member, once they are in the guild; returns false when Discord is failing for a passing reason
   * and the rest should wait. A member not in the guild yet is not DM'd (Discord would refuse a user who shares
   * no guild with the bot, 50007) and nothing is recorded: the welcome waits for their join.
   */
  private boolean welcome(GroupContext group, WelcomeRecipient r, Set<String> knownNotInGuild, Tally tally) {
    String guildId = group.spec().getDiscord().getGuildId();
    String messageId;
    try {
      if (knownNotInGuild.contains(r.discordUserId()) || !discord.isGuildMember(guildId, r.discordUserId())) {
        tally.notInGuild.add(r.discordUserId());
        return true;
      }
      String content = WelcomeMessage.compose(group, r.memberId());
      String nonce = WelcomeMessage.nonce(group.uid(), r.memberId(), r.discordUserId());
      messageId = discord.sendDirectMessage(r.discordUserId(), content, nonce);
    } catch (DiscordFailure e) {
      if (e.kind() == DiscordFailure.Kind.DMS_CLOSED) {
        return welcomeInChannel(group, r, tally);
      }
      if (UNDELIVERABLE.contains(e.kind())) {
        LOG.warn("welcome of member {} of {} is undeliverable, not retried: {}", r.memberId(), group.ref(),
            e.getMessage());
        ledger.record(group.uid(), r, WelcomeOutcome.undeliverable, null, e.getMessage());
        tally.undeliverable++;
        return true;
      }
      // a timeout or a 5xx may have sent it: the retry, soon and with the same nonce, gets the first message back
      LOG.warn("welcome of member {} of {} failed, retried shortly with the same nonce: {}", r.memberId(),
          group.ref(), e.getMessage());
      tally.deferred++;
      return false;
    }
    ledger.record(group.uid(), r, WelcomeOutcome.sent, messageId, null);
    tally.welcomed++;
    return true;
  }

  /**
   * The fallback for closed DMs: one message in the group's text channel that mentions only this member. It has a
   * nonce of its own, so a retry after a lost reply posts it once.
   */
  private boolean welcomeInChannel(GroupContext group, WelcomeRecipient r, Tally tally) {
    DiscordTargetChannel channel = DiscordTargetChannel.textOf(group);
    try {
      String content = "<@" + r.discordUserId() + "> " + WelcomeMessage.compose(group, r.memberId());
      String messageId = discord.sendMessage(channel.guildId(), channel.channelId(), content,
          WelcomeMessage.channelNonce(group.uid(), r.memberId(), r.discordUserId()), Set.of(r.discordUserId()));
      ledger.record(group.uid(), r, WelcomeOutcome.sent, messageId, "in channel " + channel.channelId()
          + ": direct messages closed");
      tally.welcomed++;
      tally.inChannel++;
      return true;
    } catch (DiscordFailure e) {
      if (UNDELIVERABLE.contains(e.kind())) {
        LOG.warn("welcome of member {} of {} in the group's channel is undeliverable too: {}", r.memberId(),
            group.ref(), e.getMessage());
        ledger.record(group.uid(), r, WelcomeOutcome.undeliverable, null, e.getMessage());
        tally.undeliverable++;
        return true;
      }
      tally.deferred++;
      return false;
    }
  }

  /** The group's guild and text channel, where a welcome goes when a DM cannot. */
  private record DiscordTargetChannel(String guildId, String channelId) {
    static DiscordTargetChannel textOf(GroupContext group) {
      return new DiscordTargetChannel(group.spec().getDiscord().getGuildId(), group.spec().getDiscord().getTextChannelId());
    }
  }

  /**
   * The Discord part's report with the welcomes added. A ledger failure makes the sync partial. A welcome whose
   * outcome is unknown (timeout, 5xx, throttled) makes it retryable-partial with a short retry-after, so the
   * backoff tries again well inside Discord's nonce window (a few minutes) rather than at the resync, where a
   * DM that did land would be sent a second time. A refused welcome alone fails nothing.
   */
  private static SyncReport merge(SyncReport accessReport, Tally tally, String failureReason, String welcomes) {
    int welcomed = tally.welcomed;
    SystemCounts contribution = accessReport.counts();
    if (contribution instanceof SystemCounts.Discord discord) {
      discord.status().setWelcomed(welcomed);
    }
    String message = accessReport.message() + "; " + welcomes;
    if (failureReason != null) {
      return SyncReport.partial(failureReason, message, null, contribution);
    }
    if (tally.deferred > 0) {
      return SyncReport.partial(DiscordReasons.WELCOME_PENDING, message, WELCOME_RETRY, contribution);
    }
    return new SyncReport(accessReport.outcome(), accessReport.reason(), message, null, contribution);
  }

  /** Removes the overwrites as {@link DiscordSync} does, then forgets the group's welcomes. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return access.targets(spec);
  }

  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    access.cleanup(group, targets);
    try {
      ledger.deleteGroup(group.uid());
    } catch (JdbiException e) {
      throw SyncException.retryable(DATABASE_UNAVAILABLE,
          "cannot delete the welcome ledger: " + e.getClass().getSimpleName(), e);
    }
  }

  private static final class Tally {
    private final Set<String> notInGuild = new LinkedHashSet<>();
    private int welcomed;
    private int inChannel;
    private int undeliverable;
    private int deferred;

    String describe() {
      String text = "welcomed " + welcomed + (inChannel > 0 ? " (" + inChannel + " in the channel, DMs closed)" : "");
      if (undeliverable > 0) {
        text += ", " + undeliverable + " welcome(s) undeliverable";
      }
      if (deferred > 0) {
        text += ", " + deferred + " welcome(s) deferred";
      }
      if (!notInGuild.isEmpty()) {
        text += ", " + notInGuild.size() + " welcome(s) waiting for the member to join";
      }
      return text;
    }
  }
}
