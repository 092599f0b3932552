package dev.study.operator.sync;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.schedule.Meeting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a system needs to sync one group in one reconcile: identity, the validated spec, the expanded
 * meetings, the time the reconcile started, and what an earlier system of the same reconcile handed on.
 *
 * @param calendarEvents the events Calendar saw in this reconcile (after its writes, as Google answered them), for
 *     the RSVP sync; null when Calendar did not read the calendar in this reconcile
 */
public record GroupContext(
    String uid,
    String namespace,
    String name,
    long generation,
    StudyGroupSpec spec,
    List<Meeting> meetings,
    Instant now,
    ObservedCalendar calendarEvents) {

  /** The context of one reconcile or cleanup of a group, for a spec (possibly the effective one) and its meetings. */
  public static GroupContext of(StudyGroup group, StudyGroupSpec spec, List<Meeting> meetings, Instant now) {
    return new GroupContext(group.getMetadata().getUid(), group.getMetadata().getNamespace(),
        group.getMetadata().getName(), generationOf(group), spec, meetings, now, null);
  }

  public static long generationOf(StudyGroup group) {
    Long generation = group.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** This context with the events Calendar handed on (or none). */
  public GroupContext withCalendarEvents(ObservedCalendar events) {
    return new GroupContext(uid, namespace, name, generation, spec, meetings, now, events);
  }

  public Optional<ObservedCalendar> calendarSeen() {
    return Optional.ofNullable(calendarEvents);
  }

  public String displayName() {
    return spec.getDisplayName();
  }

  /** namespace/name, for messages and logs. */
  public String ref() {
    return namespace + "/" + name;
  }
}
