package dev.study.operator.reminders;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One reminder of one meeting, as the reconciler wants it or as PostgreSQL holds it. {@code name} is the
 * StudyGroup's metadata.name (for logs), {@code groupName} its display name (for the message). {@code guildId}
 * is null only on rows written before it was stored. {@code mentions} is the comma-separated Discord user ids
 * to mention, empty for none.
 */
public record Reminder(
    String groupUid,
    int meetingNumber,
    String offset,
    String namespace,
    String name,
    String groupName,
    String guildId,
    String channelId,
    Instant meetingStart,
    Instant dueAt,
    String mentions,
    ReminderState state) {

  public ReminderKey key() {
    return new ReminderKey(groupUid, meetingNumber, offset);
  }

  /** Whether the fields a send depends on are the same (state aside). A row without guild or name differs. */
  public boolean sameDelivery(Reminder other) {
    return Objects.equals(guildId, other.guildId) && channelId.equals(other.channelId)
        && meetingStart.equals(other.meetingStart) && dueAt.equals(other.dueAt) && mentions.equals(other.mentions)
        && groupName.equals(other.groupName) && namespace.equals(other.namespace) && Objects.equals(name, other.name);
  }

  public boolean hasMeetingStartedBy(Instant now) {
    return !meetingStart.isAfter(now);
  }

  /** The users the message may mention: exactly these, so no other mention in the text pings anyone. */
  public Set<String> mentionUserIds() {
    return mentions.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(mentions.split(",")));
  }

  /** namespace/name (meeting n, offset), for log lines. */
  public String describe() {
    return namespace + "/" + (name == null ? groupUid : name) + " meeting " + meetingNumber + " offset " + offset;
  }

  public Reminder withState(ReminderState next) {
    return new Reminder(groupUid, meetingNumber, offset, namespace, name, groupName, guildId, channelId, meetingStart,
        dueAt, mentions, next);
  }
}
