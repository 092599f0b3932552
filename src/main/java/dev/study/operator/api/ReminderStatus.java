package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counts of the last reminder sync. */
public class ReminderStatus {
  @JsonPropertyDescription("Pending reminders after the sync.")
  private Integer scheduled;

  @JsonPropertyDescription("Reminders moved because their meeting moved.")
  private Integer moved;

  @JsonPropertyDescription("Reminders cancelled because their meeting or offset went.")
  private Integer cancelled;

  @JsonPropertyDescription("When the next reminder fires (RFC 3339).")
  private String nextDue;

  public Integer getScheduled() { return scheduled; }
  public void setScheduled(Integer scheduled) { this.scheduled = scheduled; }
  public Integer getMoved() { return moved; }
  public void setMoved(Integer moved) { this.moved = moved; }
  public Integer getCancelled() { return cancelled; }
  public void setCancelled(Integer cancelled) { this.cancelled = cancelled; }
  public String getNextDue() { return nextDue; }
  public void setNextDue(String nextDue) { this.nextDue = nextDue; }
}
