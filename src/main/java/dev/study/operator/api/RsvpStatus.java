package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counts of the last RSVP sync. */
public class RsvpStatus {
  @JsonPropertyDescription("RSVP rows for current members.")
  private Integer recorded;

  @JsonPropertyDescription("Rows of former members removed.")
  private Integer removed;

  @JsonPropertyDescription("Responses accepted.")
  private Integer accepted;

  @JsonPropertyDescription("Responses declined.")
  private Integer declined;

  @JsonPropertyDescription("Responses tentative.")
  private Integer tentative;

  @JsonPropertyDescription("Members who have not answered.")
  private Integer needsAction;

  public Integer getRecorded() { return recorded; }
  public void setRecorded(Integer recorded) { this.recorded = recorded; }
  public Integer getRemoved() { return removed; }
  public void setRemoved(Integer removed) { this.removed = removed; }
  public Integer getAccepted() { return accepted; }
  public void setAccepted(Integer accepted) { this.accepted = accepted; }
  public Integer getDeclined() { return declined; }
  public void setDeclined(Integer declined) { this.declined = declined; }
  public Integer getTentative() { return tentative; }
  public void setTentative(Integer tentative) { this.tentative = tentative; }
  public Integer getNeedsAction() { return needsAction; }
  public void setNeedsAction(Integer needsAction) { this.needsAction = needsAction; }
}
