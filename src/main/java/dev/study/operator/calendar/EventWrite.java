package dev.study.operator.calendar;

/** One write of a plan, as the port applies it. Every one is idempotent given the deterministic ids. */
public sealed interface EventWrite {
  String eventId();

  /** "create event X", "patch event X" or "delete event X", for messages. */
  default String describe() {
    String verb = this instanceof Insert ? "create" : this instanceof Patch ? "patch" : "delete";
    return verb + " event " + eventId();
  }

  /** Creates the event of a meeting, marked with the owner's uid. */
  record Insert(DesiredEvent event, String ownerUid) implements EventWrite {
    @Override
    public String eventId() {
      return event.id();
    }
  }

  /** Rewrites every field the operator owns, sets status confirmed and the ownership mark. */
  record Patch(EventPatch patch, String ownerUid) implements EventWrite {
    @Override
    public String eventId() {
      return patch.id();
    }
  }

  /** Deletes (cancels) an event. */
  record Delete(String eventId) implements EventWrite {}
}
