package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A regular series of meetings in local time. */
@ValidationRule(value = "!has(self.skip) || !has(self.count) || self.skip.all(n, n >= 1 && n <= self.count)",
    message = "skip numbers must be between 1 and count", fieldPath = ".skip")
@ValidationRule(value = "!has(self.skip) || !has(self.count) || size(self.skip) < self.count",
    message = "skip must leave at least one meeting", fieldPath = ".skip")
@ValidationRule(value = "!has(self.skip) || self.skip.all(n, self.skip.exists_one(o, o == n))",
    message = "skip numbers must be unique", fieldPath = ".skip")
@ValidationRule(value = "!has(self.overrides) || !has(self.count) || self.overrides.all(o, !has(o.number) || o.number <= self.count)",
    message = "override numbers must be at most count", fieldPath = ".overrides")
@ValidationRule(value = "!has(self.overrides) || self.overrides.all(o, !has(o.number) || self.overrides.exists_one(p, has(p.number) && p.number == o.number))",
    message = "override numbers must be unique", fieldPath = ".overrides")
@ValidationRule(value = "!has(self.overrides) || !has(self.skip) || self.overrides.all(o, !has(o.number) || !(o.number in self.skip))",
    message = "a meeting cannot be both skipped and overridden", fieldPath = ".overrides")
public class Schedule {
  public static final long MAX_COUNT = 100;
  public static final String LOCAL_DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$";
  public static final String MEETING_DURATION = "^([1-9][0-9]?h([1-5]?[0-9]m)?|[1-9][0-9]{0,3}m)$";
  /** Longest LOCAL_DATE_TIME, 2026-12-01T18:00:00; a bound keeps the cost of CEL rules over the schedule known. */
  public static final long LOCAL_DATE_TIME_MAX_LENGTH = 19;
  /** Longest MEETING_DURATION, 99h59m. */
  public static final long MEETING_DURATION_MAX_LENGTH = 6;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("IANA time zone, e.g. Europe/London. Meetings keep their local time across DST changes.")
  private String timeZone;

  @Required
  @Size(max = LOCAL_DATE_TIME_MAX_LENGTH)
  @Pattern(LOCAL_DATE_TIME)
  @JsonPropertyDescription("Local start of meeting 1, e.g. 2026-12-01T18:00, in timeZone.")
  private String firstMeeting;

  @Required
  @Size(max = MEETING_DURATION_MAX_LENGTH)
  @Pattern(MEETING_DURATION)
  @JsonPropertyDescription("Length of a meeting: minutes or hours and minutes, e.g. 90m or 1h30m.")
  private String duration;

  @Default("1w")
  @Size(max = 3)
  @Pattern("^[1-9][0-9]?(d|w)$")
  @JsonPropertyDescription("Interval between meetings in days or weeks, e.g. 1w or 14d. Defaults to 1w.")
  private String every = "1w";

  @Required
  @Min(1)
  @Max(MAX_COUNT)
  @JsonPropertyDescription("Number of meetings in the series.")
  private Integer count;

  @Size(max = MAX_COUNT)
  @JsonPropertyDescription("Numbers of cancelled meetings (1 is the first).")
  private List<Integer> skip = new ArrayList<>();

  @Size(max = MAX_COUNT)
  @JsonPropertyDescription("Meetings moved away from their regular slot.")
  private List<MeetingOverride> overrides = new ArrayList<>();

  public String getTimeZone() { return timeZone; }
  public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
  public String getFirstMeeting() { return firstMeeting; }
  public void setFirstMeeting(String firstMeeting) { this.firstMeeting = firstMeeting; }
  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
  public String getEvery() { return every; }
  public void setEvery(String every) { this.every = every; }
  public Integer getCount() { return count; }
  public void setCount(Integer count) { this.count = count; }
  public List<Integer> getSkip() { return skip; }
  public void setSkip(List<Integer> skip) { this.skip = skip; }
  public List<MeetingOverride> getOverrides() { return overrides; }
  public void setOverrides(List<MeetingOverride> overrides) { this.overrides = overrides; }
}
