package dev.study.operator.reconcile;

import java.util.Set;

/**
 * The Discord guilds and calendars the operator may touch, so a namespace user cannot aim the bot at a foreign
 * guild. "*" allows any.
 */
public record Allowlist(Set<String> guilds, Set<String> calendars) {
  public static final String ANY = "*";

  public boolean allowsGuild(String guildId) {
    return guilds.contains(ANY) || guilds.contains(guildId);
  }

  public boolean allowsCalendar(String calendarId) {
    return calendars.contains(ANY) || calendars.contains(calendarId);
  }
}
