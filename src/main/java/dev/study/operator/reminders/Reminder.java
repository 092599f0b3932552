package dev.study.operator.reminders;

import java.time.Instant;

/**
 * One reminder of one meeting, as the reconciler wants it or as PostgreSQL holds it. {@code mentions} is the
 * comma-separated Discord user ids to mention, empty for none.
 */
public record Reminder(
    String groupUid,
    int meetingNumber,
    String offset,
    String namespace,
    String groupName,
    String channelId,
    Instant meetingStart,
    Instant dueAt,
    String mentions,
    ReminderState state) {

  public ReminderKey key() {
    return new ReminderKey(groupUid, meetingNumber, offset);
  }

  /** Whether the fields a send depends on are the same (state aside). */
  public boolean sameDelivery(Reminder other) {
    return channelId.equals(other.channelId) && meetingStart.equals(other.meetingStart) && dueAt.equals(other.dueAt)
        && mentions.equals(other.mentions) && groupName.equals(other.groupName) && namespace.equals(other.namespace);
  }

  public boolean hasMeetingStartedBy(Instant now) {
    return !meetingStart.isAfter(now);
  }

  public Reminder withState(ReminderState next) {
    return new Reminder(groupUid, meetingNumber, offset, namespace, groupName, channelId, meetingStart, dueAt, mentions, next);
  }
}
