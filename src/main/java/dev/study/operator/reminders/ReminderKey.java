package dev.study.operator.reminders;

/** The unique key of a reminder: one per group, meeting and offset. */
public record ReminderKey(String groupUid, int meetingNumber, String offset) {}
