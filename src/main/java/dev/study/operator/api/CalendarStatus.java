package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counts of the last Calendar sync. */
public class CalendarStatus {
  @JsonPropertyDescription("Meetings in the schedule.")
  private Integer meetings;

  @JsonPropertyDescription("Events created.")
  private Integer created;

  @JsonPropertyDescription("Events patched (time, title, attendees or restored).")
  private Integer patched;

  @JsonPropertyDescription("Events of dropped meetings deleted.")
  private Integer deleted;

  @JsonPropertyDescription("Events already right, including past ones left alone.")
  private Integer unchanged;

  @JsonPropertyDescription("Events that could not be written.")
  private Integer failed;

  public Integer getMeetings() { return meetings; }
  public void setMeetings(Integer meetings) { this.meetings = meetings; }
  public Integer getCreated() { return created; }
  public void setCreated(Integer created) { this.created = created; }
  public Integer getPatched() { return patched; }
  public void setPatched(Integer patched) { this.patched = patched; }
  public Integer getDeleted() { return deleted; }
  public void setDeleted(Integer deleted) { this.deleted = deleted; }
  public Integer getUnchanged() { return unchanged; }
  public void setUnchanged(Integer unchanged) { this.unchanged = unchanged; }
  public Integer getFailed() { return failed; }
  public void setFailed(Integer failed) { this.failed = failed; }
}
