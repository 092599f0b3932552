package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The places one system has written to for the group, so that a target the spec drops (a changed channel or
 * calendar, a removed section) is cleaned, and deletion cleans every one, not just the current spec's.
 */
public class SystemTargets {
  @JsonPropertyDescription("DiscordSynced, CalendarSynced, RemindersSynced or RsvpsSynced.")
  private String system;

  @JsonPropertyDescription("The targets written: guildId/channelId for Discord, the calendar id for Calendar and RSVPs.")
  private List<String> ids = new ArrayList<>();

  public String getSystem() { return system; }
  public void setSystem(String system) { this.system = system; }
  public List<String> getIds() { return ids; }
  public void setIds(List<String> ids) { this.ids = ids; }
}
