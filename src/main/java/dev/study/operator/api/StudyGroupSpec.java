package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a group. The operator never writes it. */
@ValidationRule(value = "!has(self.members) || self.members.all(m, !has(m.id) || self.members.exists_one(o, has(o.id) && o.id == m.id))",
    message = "member ids must be unique", fieldPath = ".members")
@ValidationRule(value = "!has(self.members) || self.members.all(m, !has(m.discordUserId) || self.members.exists_one(o, has(o.discordUserId) && o.discordUserId == m.discordUserId))",
    message = "member discordUserIds must be unique", fieldPath = ".members")
@ValidationRule(value = "!has(self.members) || self.members.all(m, !has(m.email) || self.members.exists_one(o, has(o.email) && o.email.lowerAscii() == m.email.lowerAscii()))",
    message = "member emails must be unique (ignoring case)", fieldPath = ".members")
@ValidationRule(value = "!has(self.reminders) || size(self.reminders) == 0 || has(self.discord)",
    message = "reminders are sent on Discord, so they need spec.discord", fieldPath = ".reminders")
@ValidationRule(value = "!has(self.reminders) || self.reminders.all(r, !has(r.offset) || self.reminders.exists_one(o, has(o.offset) && o.offset == r.offset))",
    message = "reminder offsets must be unique", fieldPath = ".reminders")
public class StudyGroupSpec {
  static final int MAX_MEMBERS = 50;
  static final int MAX_REMINDERS = 5;

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription("Human name of the group, used in event titles and messages.")
  private String displayName;

  @Default("false")
  @JsonPropertyDescription("When true the operator observes and reports the planned changes in status, and writes nothing.")
  private Boolean suspend = false;

  @Default("Delete")
  @JsonPropertyDescription("What happens outside when the resource is deleted: Delete cleans up, Orphan leaves everything.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

  @Required
  @Size(max = MAX_MEMBERS)
  @JsonPropertyDescription("The members. Each id is unique, and so are Discord ids and emails.")
  private List<Member> members = new ArrayList<>();

  @Required
  @JsonPropertyDescription("When the group meets.")
  private Schedule schedule;

  @JsonPropertyDescription("Discord guild and channels. Absent: the group does not use Discord.")
  private DiscordTarget discord;

  @JsonPropertyDescription("Google Calendar. Absent: the group has no calendar events and no RSVPs.")
  private CalendarTarget calendar;

  @Size(max = MAX_REMINDERS)
  @JsonPropertyDescription("Reminders before every meeting, posted to the Discord reminder channel.")
  private List<ReminderSpec> reminders = new ArrayList<>();

  @JsonPropertyDescription("Welcome messages sent by Discord direct message to each new member with a discordUserId."
      + " Absent: initial members are welcomed too.")
  private WelcomeSpec welcome;

  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public Boolean getSuspend() { return suspend; }
  public void setSuspend(Boolean suspend) { this.suspend = suspend; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
  public List<Member> getMembers() { return members; }
  public void setMembers(List<Member> members) { this.members = members; }
  public Schedule getSchedule() { return schedule; }
  public void setSchedule(Schedule schedule) { this.schedule = schedule; }
  public DiscordTarget getDiscord() { return discord; }
  public void setDiscord(DiscordTarget discord) { this.discord = discord; }
  public CalendarTarget getCalendar() { return calendar; }
  public void setCalendar(CalendarTarget calendar) { this.calendar = calendar; }
  public List<ReminderSpec> getReminders() { return reminders; }
  public void setReminders(List<ReminderSpec> reminders) { this.reminders = reminders; }
  public WelcomeSpec getWelcome() { return welcome; }
  public void setWelcome(WelcomeSpec welcome) { this.welcome = welcome; }

  public boolean suspended() { return Boolean.TRUE.equals(suspend); }

  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }
}
