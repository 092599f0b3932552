package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The boundary a namespace user cannot cross through a spec: every channel a group names must sit in its
 * (allowlisted) guild and, when the operator lists categories, under one of them; a text or voice channel must
 * be held by this group ({@link ChannelClaims}); a reminder channel held by another group is not ours to post
 * in. Checked from caches before any Discord write, in reconcile and in cleanup.
 */
final class DiscordScope {
  static final String CHANNEL_CLAIMED = "ChannelClaimed";
  static final String GATEWAY_UNAVAILABLE = "GatewayUnavailable";
  static final String CHANNEL_NOT_FOUND = "ChannelNotFound";

  private final Allowlist allowlist;
  private final ChannelLocator locator;
  private final ChannelClaims claims;

  /** @param locator null when the operator has no Discord session: then only claims are checked */
  DiscordScope(Allowlist allowlist, ChannelLocator locator, ChannelClaims claims) {
    this.allowlist = allowlist;
    this.locator = locator;
    this.claims = claims;
  }

  /** Why a system may not write this reconcile: the condition it reports instead, with no write at all. */
  record Block(String reason, String message, boolean retryable) {
    SyncReport report() {
      return SyncReport.failed(reason, message, retryable, null);
    }
  }

  /** What the Discord and reminder systems may do; a null block means go ahead. */
  record Verdict(Block discord, Block reminders) {
    static final Verdict OPEN = new Verdict(null, null);

    Optional<Block> blockFor(SystemKind kind) {
      return Optional.ofNullable(switch (kind) {
        case DISCORD -> discord;
        case REMINDERS -> reminders;
        default -> null;
      });
    }
  }

  /** What a cleanup may do with one channel it recorded. */
  enum CleanupVerdict { CLEAN, HELD_BY_OTHER, OUT_OF_SCOPE }

  Verdict check(StudyGroup group, DiscordTarget target) {
    if (target == null) {
      return Verdict.OPEN;
    }
    boolean unknown = false;
    Block reminderChannelMissing = null;
    for (Map.Entry<String, String> named : namedChannels(target).entrySet()) {
      String field = "spec.discord." + named.getKey();
      String channelId = named.getValue();
      Optional<ChannelPlace> place;
      try {
        place = locate(target.getGuildId(), channelId);
      } catch (SyncException e) {
        unknown = true;
        continue;
      }
      if (place.isEmpty()) {
        continue;
      }
      String problem = problem(place.get(), target.getGuildId(), channelId);
      if (problem != null) {
        Block invalid = new Block(Reasons.INVALID_SPEC, field + ": " + problem, false);
        return new Verdict(invalid, invalid);
      }
      if (place.get().where() == ChannelPlace.Where.NOT_FOUND && "reminderChannelId".equals(named.getKey())) {
        reminderChannelMissing = new Block(CHANNEL_NOT_FOUND,
            field + ": channel " + channelId + " is not in guild " + target.getGuildId() + " or the bot cannot see it",
            false);
      }
    }

    Block discord = null;
    for (Map.Entry<String, String> managed : managedChannels(target).entrySet()) {
      Optional<StudyGroup> holder = claims.heldByOther(group, managed.getValue());
      if (holder.isPresent()) {
        discord = claimed("spec.discord." + managed.getKey(), managed.getValue(), holder.get());
        break;
      }
    }
    String reminderChannel = target.reminderChannel();
    Block reminders = claims.heldByOther(group, reminderChannel)
        .map(holder -> claimed(target.getReminderChannelId() == null ? "spec.discord.textChannelId"
            : "spec.discord.reminderChannelId", reminderChannel, holder))
        .orElse(reminderChannelMissing);
    if (reminders == null && unknown) {
      reminders = new Block(GATEWAY_UNAVAILABLE,
          "the Discord gateway cannot tell where the group's channels are now; reminders wait until it can", true);
    }
    return new Verdict(discord, reminders);
  }

  /**
   * Whether cleanup may write to a channel the group recorded: never outside the allowlist or scope, and never on
   * a channel another group now holds (the holder's own sync removes our members there).
   *
   * @throws SyncException retryable when the gateway cannot tell, so the finalizer waits rather than guesses
   */
  CleanupVerdict checkCleanup(StudyGroup group, String guildId, String channelId) throws SyncException {
    if (!allowlist.allowsGuild(guildId)) {
      return CleanupVerdict.OUT_OF_SCOPE;
    }
    if (claims.heldByOther(group, channelId).isPresent()) {
      return CleanupVerdict.HELD_BY_OTHER;
    }
    Optional<ChannelPlace> place = locate(guildId, channelId);
    if (place.isPresent() && problem(place.get(), guildId, channelId) != null) {
      return CleanupVerdict.OUT_OF_SCOPE;
    }
    return CleanupVerdict.CLEAN;
  }

  private Optional<ChannelPlace> locate(String guildId, String channelId) throws SyncException {
    return locator == null ? Optional.empty() : Optional.of(locator.locate(guildId, channelId));
  }

  /** Why a located channel is out of scope, or null when it is fine (or simply not found). */
  private String problem(ChannelPlace place, String guildId, String channelId) {
    return switch (place.where()) {
      case OTHER_GUILD -> "channel " + channelId + " belongs to another guild, not to guild " + guildId;
      case IN_GUILD -> allowlist.allowsCategory(place.parentId()) ? null
          : "channel " + channelId + " is not in one of the operator's allowed categories (ALLOWED_DISCORD_CATEGORIES); "
              + (place.parentId() == null ? "it has no category" : "its category is " + place.parentId());
      case NOT_FOUND -> null;
    };
  }

  private static Block claimed(String field, String channelId, StudyGroup holder) {
    return new Block(CHANNEL_CLAIMED, field + ": channel " + channelId + " is held by StudyGroup "
        + holder.getMetadata().getNamespace() + "/" + holder.getMetadata().getName()
        + ", the oldest group naming it; this group takes it over when that one is deleted or names another channel",
        false);
  }

  private static Map<String, String> namedChannels(DiscordTarget target) {
    Map<String, String> named = managedChannels(target);
    if (target.getReminderChannelId() != null) {
      named.put("reminderChannelId", target.getReminderChannelId());
    }
    return named;
  }

  private static Map<String, String> managedChannels(DiscordTarget target) {
    Map<String, String> managed = new LinkedHashMap<>();
    managed.put("textChannelId", target.getTextChannelId());
    if (target.getVoiceChannelId() != null) {
      managed.put("voiceChannelId", target.getVoiceChannelId());
    }
    return managed;
  }
}
