package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One meeting of the expanded schedule. */
public class MeetingStatus {
  @JsonPropertyDescription("Meeting number, 1 is the first.")
  private Integer number;

  @JsonPropertyDescription("Start (RFC 3339, UTC).")
  private String start;

  @JsonPropertyDescription("End (RFC 3339, UTC).")
  private String end;

  @JsonPropertyDescription("Google Calendar event id, when the group has a calendar.")
  private String eventId;

  public Integer getNumber() { return number; }
  public void setNumber(Integer number) { this.number = number; }
  public String getStart() { return start; }
  public void setStart(String start) { this.start = start; }
  public String getEnd() { return end; }
  public void setEnd(String end) { this.end = end; }
  public String getEventId() { return eventId; }
  public void setEventId(String eventId) { this.eventId = eventId; }
}
