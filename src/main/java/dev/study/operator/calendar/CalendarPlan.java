package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.sync.Plan;
import java.util.List;
import java.util.Map;

/**
 * The exact writes that bring a group's calendar in step: events to create, to patch (which includes
 * restoring a deleted one, since its id stays taken) and to delete. Unchanged counts the events left as they
 * are, past ones included; eventIds maps every meeting number to its event id; observed is what the plan
 * was made from, which the sync hands on with the written events replaced by Google's answers.
 */
public record CalendarPlan(
    List<DesiredEvent> creates,
    List<EventPatch> patches,
    List<String> deletes,
    int unchanged,
    int meetings,
    Map<Integer, String> eventIds,
    List<ObservedEvent> observed) implements Plan {

  public CalendarPlan {
    creates = List.copyOf(creates);
    patches = List.copyOf(patches);
    deletes = List.copyOf(deletes);
    eventIds = Map.copyOf(eventIds);
    observed = List.copyOf(observed);
  }

  @Override
  public boolean isEmpty() {
    return creates.isEmpty() && patches.isEmpty() && deletes.isEmpty();
  }

  @Override
  public String summary() {
    return "create " + creates.size() + ", patch " + patches.size() + ", delete " + deletes.size();
  }

  public int writes() {
    return creates.size() + patches.size() + deletes.size();
  }
}
