package dev.study.operator.discord.welcome;

/** A member to welcome (or to record as skipped): their id in the spec and the Discord user the DM goes to. */
public record WelcomeRecipient(String memberId, String discordUserId) {}
