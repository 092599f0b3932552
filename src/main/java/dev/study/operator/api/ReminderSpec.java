package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One reminder before every meeting. */
public class ReminderSpec {
  @Required
  @Size(max = 6)
  @Pattern("^([1-9][0-9]?d|[1-9][0-9]{0,2}h|[1-9][0-9]{0,3}m)$")
  @JsonPropertyDescription("How long before the meeting's start the reminder fires: minutes, hours or days, e.g. 30m, 24h, 2d.")
  private String offset;

  @Default("false")
  @JsonPropertyDescription("Mention every member with a Discord id in the reminder.")
  private Boolean mention = false;

  public String getOffset() { return offset; }
  public void setOffset(String offset) { this.offset = offset; }
  public Boolean getMention() { return mention; }
  public void setMention(Boolean mention) { this.mention = mention; }
}
