package dev.study.operator.reminders;

/** A reminder this replica claimed, with its lease, and how many attempts were made at it before. */
public record ReminderClaim(Reminder reminder, int attempts, String replica) {}
