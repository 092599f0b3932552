package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Moves one meeting away from its regular slot. */
public class MeetingOverride {
  @Required
  @Min(1)
  @Max(Schedule.MAX_COUNT)
  @JsonPropertyDescription("Number of the meeting to move (1 is the first).")
  private Integer number;

  @Required
  @Size(max = Schedule.LOCAL_DATE_TIME_MAX_LENGTH)
  @Pattern(Schedule.LOCAL_DATE_TIME)
  @JsonPropertyDescription("New local start, e.g. 2026-12-30T19:00, in the schedule's timeZone.")
  private String start;

  @Size(max = Schedule.MEETING_DURATION_MAX_LENGTH)
  @Pattern(Schedule.MEETING_DURATION)
  @JsonPropertyDescription("Length of this meeting only, e.g. 2h. Defaults to the schedule's duration.")
  private String duration;

  public Integer getNumber() { return number; }
  public void setNumber(Integer number) { this.number = number; }
  public String getStart() { return start; }
  public void setStart(String start) { this.start = start; }
  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
}
