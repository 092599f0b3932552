package dev.study.operator.reconcile;

import java.util.Set;

/**
 * The Discord guilds and calendars the operator may touch, so a namespace user cannot aim the bot at a foreign
 * guild, and optionally the Discord categories a group's channels must sit in ("groups live under Study Groups,
 * never in #staff"). "*" allows any guild or calendar; no categories means any category.
 */
public record Allowlist(Set<String> guilds, Set<String> calendars, Set<String> categories) {
  public static final String ANY = "*";

  public Allowlist {
    guilds = Set.copyOf(guilds);
    calendars = Set.copyOf(calendars);
    categories = Set.copyOf(categories);
  }

  public Allowlist(Set<String> guilds, Set<String> calendars) {
    this(guilds, calendars, Set.of());
  }

  public boolean allowsGuild(String guildId) {
    return guilds.contains(ANY) || guilds.contains(guildId);
  }

  public boolean allowsCalendar(String calendarId) {
    return calendars.contains(ANY) || calendars.contains(calendarId);
  }

  /** Whether a channel under this category (null: at the guild's top level) may be a group's. */
  public boolean allowsCategory(String parentId) {
    return categories.isEmpty() || (parentId != null && categories.contains(parentId));
  }
}
