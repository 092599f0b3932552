package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counts of the last Discord sync. */
public class DiscordStatus {
  @JsonPropertyDescription("Members with a Discord id.")
  private Integer members;

  @JsonPropertyDescription("Overwrites created or widened.")
  private Integer granted;

  @JsonPropertyDescription("Overwrites of non-members removed.")
  private Integer revoked;

  @JsonPropertyDescription("Members whose overwrites were already right.")
  private Integer unchanged;

  @JsonPropertyDescription("Members that could not be synced, e.g. not in the guild.")
  private Integer failed;

  @JsonPropertyDescription("Members with a Discord id who are not in the guild yet, as far as the last sync saw:"
      + " their access and welcome follow when they join.")
  private Integer notInGuild;

  @JsonPropertyDescription("New members sent a welcome direct message by the last sync.")
  private Integer welcomed;

  public Integer getMembers() { return members; }
  public void setMembers(Integer members) { this.members = members; }
  public Integer getGranted() { return granted; }
  public void setGranted(Integer granted) { this.granted = granted; }
  public Integer getRevoked() { return revoked; }
  public void setRevoked(Integer revoked) { this.revoked = revoked; }
  public Integer getUnchanged() { return unchanged; }
  public void setUnchanged(Integer unchanged) { this.unchanged = unchanged; }
  public Integer getFailed() { return failed; }
  public void setFailed(Integer failed) { this.failed = failed; }
  public Integer getNotInGuild() { return notInGuild; }
  public void setNotInGuild(Integer notInGuild) { this.notInGuild = notInGuild; }
  public Integer getWelcomed() { return welcomed; }
  public void setWelcomed(Integer welcomed) { this.welcomed = welcomed; }
}
