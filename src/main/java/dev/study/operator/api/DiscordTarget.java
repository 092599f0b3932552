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
  static final String SNOWFLAKE = "^[0-9]{17,20}$";

  @Required
  @Size(max = 20)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Discord guild (server) id. It must be on the operator's allowlist.")
  private String guildId;

  @Required
  @Size(max = 20)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Text channel that only the members can see.")
  private String textChannelId;

  @Size(max = 20)
  @Pattern(SNOWFLAKE)
  @JsonPropertyDescription("Optional voice channel that only the members can see and join.")
  private String voiceChannelId;

  @Size(max = 20)
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
