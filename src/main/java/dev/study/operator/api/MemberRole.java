package dev.study.operator.api;

/** A member's role in the group. */
public enum MemberRole {
  participant,
  facilitator
}
