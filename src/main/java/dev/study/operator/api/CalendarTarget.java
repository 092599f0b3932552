package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Google Calendar that holds one event per meeting. */
public class CalendarTarget {
  @Required
  @Size(min = 1, max = 254)
  @Pattern("^(primary|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)$")
  @JsonPropertyDescription("Calendar id, e.g. group3@group.calendar.google.com. It must be on the operator's allowlist.")
  private String calendarId;

  @Default("none")
  @JsonPropertyDescription("Whom Google notifies of event changes: none, externalOnly or all.")
  private SendUpdates sendUpdates = SendUpdates.none;

  public String getCalendarId() { return calendarId; }
  public void setCalendarId(String calendarId) { this.calendarId = calendarId; }
  public SendUpdates getSendUpdates() { return sendUpdates; }
  public void setSendUpdates(SendUpdates sendUpdates) { this.sendUpdates = sendUpdates; }
}
