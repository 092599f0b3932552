package dev.study.operator.discord.welcome;

/** One ledger row: this member, as this Discord user, was dealt with in this way. */
public record WelcomeEntry(String memberId, String discordUserId, WelcomeOutcome outcome) {}
