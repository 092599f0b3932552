package dev.study.operator.api;

/** What happens outside when a StudyGroup is deleted. */
public enum DeletionPolicy {
  /** Remove overwrites, delete events, cancel reminders, drop RSVPs. */
  Delete,
  /** Leave the outside world as it is. */
  Orphan
}
