package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Backoff state of one failing system, kept in status so that it survives restarts. */
public class SystemRetry {
  @JsonPropertyDescription("DiscordSynced, CalendarSynced, RemindersSynced or RsvpsSynced.")
  private String system;

  @JsonPropertyDescription("Consecutive failures (0 when the system only waits for its own quota).")
  private Integer failures;

  @JsonPropertyDescription("The system is not retried before this time (RFC 3339) unless the generation changes.")
  private String notBefore;

  @JsonPropertyDescription("True when retrying cannot fix the failure (e.g. an unknown channel); it is then tried again only at the resync or on a spec change.")
  private Boolean permanent;

  @JsonPropertyDescription("Generation the failures were counted for.")
  private Long generation;

  public String getSystem() { return system; }
  public void setSystem(String system) { this.system = system; }
  public Integer getFailures() { return failures; }
  public void setFailures(Integer failures) { this.failures = failures; }
  public String getNotBefore() { return notBefore; }
  public void setNotBefore(String notBefore) { this.notBefore = notBefore; }
  public Boolean getPermanent() { return permanent; }
  public void setPermanent(Boolean permanent) { this.permanent = permanent; }
  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
}
