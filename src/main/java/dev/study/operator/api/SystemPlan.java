package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One system's part of a {@link GroupPlan}. */
public class SystemPlan {
  @JsonPropertyDescription("DiscordSynced, CalendarSynced, RemindersSynced or RsvpsSynced.")
  private String system;

  @JsonPropertyDescription("What it would change, e.g. grant 2, revoke 1.")
  private String summary;

  public SystemPlan() {}

  public SystemPlan(String system, String summary) {
    this.system = system;
    this.summary = summary;
  }

  public String getSystem() { return system; }
  public void setSystem(String system) { this.system = system; }
  public String getSummary() { return summary; }
  public void setSummary(String summary) { this.summary = summary; }
}
