package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A member as the operator last applied them, kept in status so a mass removal can be held: while held, the
 * removed members keep their access, events and RSVPs under these identities.
 */
public class AppliedMember {
  @JsonPropertyDescription("The member's id in the spec.")
  private String id;

  @JsonPropertyDescription("Display name.")
  private String displayName;

  @JsonPropertyDescription("Discord user id.")
  private String discordUserId;

  @JsonPropertyDescription("Email.")
  private String email;

  @JsonPropertyDescription("participant or facilitator.")
  private MemberRole role;

  public static AppliedMember of(Member m) {
    AppliedMember a = new AppliedMember();
    a.setId(m.getId());
    a.setDisplayName(m.getDisplayName());
    a.setDiscordUserId(m.getDiscordUserId());
    a.setEmail(m.getEmail());
    a.setRole(m.getRole());
    return a;
  }

  public Member toMember() {
    Member m = new Member();
    m.setId(id);
    m.setDisplayName(displayName);
    m.setDiscordUserId(discordUserId);
    m.setEmail(email);
    m.setRole(role == null ? MemberRole.participant : role);
    return m;
  }

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
}
