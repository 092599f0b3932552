package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One person in a group, with the identities the outside systems know them by. */
@ValidationRule(value = "has(self.discordUserId) || has(self.email)",
    message = "a member needs a discordUserId or an email")
public class Member {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Stable key of the member inside the group: a DNS label, e.g. alice.")
  private String id;

  @Size(max = 100)
  @JsonPropertyDescription("Name shown in messages and calendar invitations. Defaults to the id.")
  private String displayName;

  @Size(max = 19)
  @Pattern(DiscordTarget.SNOWFLAKE)
  @JsonPropertyDescription("Discord user id (snowflake, 17-19 digits). Without it the member gets no Discord access.")
  private String discordUserId;

  @Size(max = 254)
  @Pattern("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
  @JsonPropertyDescription("Email address invited to the group's calendar events. Without it the member gets no invitations.")
  private String email;

  @Default("participant")
  @JsonPropertyDescription("participant or facilitator.")
  private MemberRole role = MemberRole.participant;

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getDiscordUserId() { return discordUserId; }
  public void setDiscordUserId(String discordUserId) { this.discordUserId = discordUserId; }
  public String getEmail() { return email; }
  public void setEmail(String email) { this.email = email; }
  public MemberRole getRole() { return role; }
  public void setRole(MemberRole role) { this.role = role; }

  /** The name to show people: displayName when set, else the id. */
  public String nameForDisplay() {
    return displayName == null || displayName.isBlank() ? id : displayName;
  }
}
