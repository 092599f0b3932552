package dev.study.operator.api;

/** Whom Google Calendar notifies of event changes; passed through to the Calendar API. */
public enum SendUpdates {
  none,
  externalOnly,
  all
}
