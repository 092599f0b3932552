package dev.study.operator.discord;

/** A channel whose member overwrites the operator owns, and the bits every member needs on it. */
public record ManagedChannel(String channelId, long required) {}
