package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The Discord guild and channels whose member overwrites the operator owns. */
@ValidationRule(value = "!has(self.voiceChannelId) || self.voiceChannelId != self.textChannelId",
    message = "voiceChannelId must differ from textChannelId", fieldPath = ".voiceChannelId")
public class DiscordTarget {
  /** A Discord snowflake: 17 to 19 digits, no leading zero (20 digits would overflow a 64-bit id before 2084). */
  static final String SNOWFLAKE = "^[1-9][0-9]{16,18}$";

  @Required
  @Size(max = 19)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Discord guild (server) id. It must be on the operator's allowlist.")
  private String guildId;

  @Required
  @Size(max = 19)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Text channel that only the members can see.")
  private String textChannelId;

  @Size(max = 19)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Optional voice channel that only the members can see and join.")
  private String voiceChannelId;

  @Size(max = 19)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Channel for reminder messages. Defaults to textChannelId.")
  private String reminderChannelId;

  public String getGuildId() { return guildId; }
  public void setGuildId(String guildId) { this.guildId = guildId; }
  public String getTextChannelId() { return textChannelId; }
  public void setTextChannelId(String textChannelId) { this.textChannelId = textChannelId; }
  public String getVoiceChannelId() { return voiceChannelId; }
  public void setVoiceChannelId(String voiceChannelId) { this.voiceChannelId = voiceChannelId; }
  public String getReminderChannelId() { return reminderChannelId; }
  public void setReminderChannelId(String reminderChannelId) { this.reminderChannelId = reminderChannelId; }

  /** Where reminders go: reminderChannelId when set, else the text channel. */
  public String reminderChannel() {
    return reminderChannelId != null ? reminderChannelId : textChannelId;
  }
}
