package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator would do but is not doing: while suspended, or while a mass removal waits for approval. */
public class GroupPlan {
  @JsonPropertyDescription("Why the plan is not applied: Suspended or RemovalHeld.")
  private String reason;

  @JsonPropertyDescription("The plan in one sentence.")
  private String message;

  @JsonPropertyDescription("Ids of the members whose removal is held; approve with the annotation study.dev/approve-removal set to the generation.")
  private List<String> heldRemovals = new ArrayList<>();

  @JsonPropertyDescription("Per system, what it would change.")
  private List<SystemPlan> systems = new ArrayList<>();

  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public List<String> getHeldRemovals() { return heldRemovals; }
  public void setHeldRemovals(List<String> heldRemovals) { this.heldRemovals = heldRemovals; }
  public List<SystemPlan> getSystems() { return systems; }
  public void setSystems(List<SystemPlan> systems) { this.systems = systems; }
}
