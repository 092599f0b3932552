package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last observed and did; rebuilt on every reconcile and patched only when it changes. */
public class StudyGroupStatus {
  @JsonPropertyDescription("Generation of the spec that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("DiscordSynced, CalendarSynced, RemindersSynced, RsvpsSynced and the summary Ready.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Number of members.")
  private Integer memberCount;

  @JsonPropertyDescription("Number of meetings after skips.")
  private Integer meetingCount;

  @JsonPropertyDescription("Counts of the last Discord sync.")
  private DiscordStatus discord;

  @JsonPropertyDescription("Counts of the last Calendar sync.")
  private CalendarStatus calendar;

  @JsonPropertyDescription("Counts of the last reminder sync.")
  private ReminderStatus reminders;

  @JsonPropertyDescription("Counts of the last RSVP sync.")
  private RsvpStatus rsvps;

  @JsonPropertyDescription("The meetings of the expanded schedule.")
  private List<MeetingStatus> meetings = new ArrayList<>();

  @JsonPropertyDescription("Backoff state of the systems that are failing.")
  private List<SystemRetry> retries = new ArrayList<>();

  @JsonPropertyDescription("What each system has written to, cleaned when the spec no longer names it and at deletion.")
  private List<SystemTargets> targets = new ArrayList<>();

  @JsonPropertyDescription("The members as last applied, against which a mass removal is measured and held.")
  private List<AppliedMember> appliedMembers = new ArrayList<>();

  @JsonPropertyDescription("What the operator would do but is not doing: while suspended, or while a mass removal is held.")
  private GroupPlan plan;

  @JsonPropertyDescription("The value of the study.dev/reconcile-requested-at annotation last handled.")
  private String lastHandledReconcileAt;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public Integer getMemberCount() { return memberCount; }
  public void setMemberCount(Integer memberCount) { this.memberCount = memberCount; }
  public Integer getMeetingCount() { return meetingCount; }
  public void setMeetingCount(Integer meetingCount) { this.meetingCount = meetingCount; }
  public DiscordStatus getDiscord() { return discord; }
  public void setDiscord(DiscordStatus discord) { this.discord = discord; }
  public CalendarStatus getCalendar() { return calendar; }
  public void setCalendar(CalendarStatus calendar) { this.calendar = calendar; }
  public ReminderStatus getReminders() { return reminders; }
  public void setReminders(ReminderStatus reminders) { this.reminders = reminders; }
  public RsvpStatus getRsvps() { return rsvps; }
  public void setRsvps(RsvpStatus rsvps) { this.rsvps = rsvps; }
  public List<MeetingStatus> getMeetings() { return meetings; }
  public void setMeetings(List<MeetingStatus> meetings) { this.meetings = meetings; }
  public List<SystemRetry> getRetries() { return retries; }
  public void setRetries(List<SystemRetry> retries) { this.retries = retries; }
  public List<AppliedMember> getAppliedMembers() { return appliedMembers; }
  public void setAppliedMembers(List<AppliedMember> appliedMembers) { this.appliedMembers = appliedMembers; }
  public GroupPlan getPlan() { return plan; }
  public void setPlan(GroupPlan plan) { this.plan = plan; }
  public String getLastHandledReconcileAt() { return lastHandledReconcileAt; }
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) { this.lastHandledReconcileAt = lastHandledReconcileAt; }
  public List<SystemTargets> getTargets() { return targets; }
  public void setTargets(List<SystemTargets> targets) { this.targets = targets; }
}
