package dev.study.operator.rsvp;

import dev.study.operator.api.RsvpStatus;
import dev.study.operator.api.StudyGroupSpec;
import java.util.Set;
import dev.study.operator.calendar.model.ObservedCalendar;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;

/**
 * Records each member's response to each meeting in PostgreSQL. It makes no Calendar call of its own: it reads
 * the events Calendar handed on in the same reconcile ({@link GroupContext#calendarEvents()}). When there is no such
 * observation (Calendar failed, waits out a backoff, or the operator has no Calendar) it touches no row and
 * fails retryably with {@link #CALENDAR_UNAVAILABLE}.
 */
public final class RsvpSync implements SystemSync<ObservedRsvps, RsvpPlan> {
  public static final String CALENDAR_UNAVAILABLE = "CalendarUnavailable";
  private final RsvpStore store;

  public RsvpSync(RsvpStore store) {
    this.store = store;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.RSVPS;
  }

  @Override
  public ObservedRsvps observe(GroupContext group) throws SyncException {
    ObservedCalendar calendar = group.calendarSeen().orElseThrow(() ->
        SyncException.retryable(CALENDAR_UNAVAILABLE,
            "Calendar was not read in this reconcile (it failed or waits out a backoff); RSVPs are left as they are",
            null));
    return new ObservedRsvps(calendar, store.forGroup(group.uid()));
  }

  @Override
  public RsvpPlan plan(GroupContext group, ObservedRsvps observed) {
    return RsvpDiff.plan(group.uid(), group.meetings(), group.spec().getMembers(), observed.calendar().events(),
        observed.rows());
  }

  @Override
  public SyncReport apply(GroupContext group, RsvpPlan plan) throws SyncException {
    store.apply(group.uid(), plan);
    RsvpStatus counts = new RsvpStatus();
    counts.setRecorded(plan.recorded().size());
    counts.setRemoved(plan.deletes().size());
    counts.setAccepted(plan.count(RsvpResponse.accepted));
    counts.setDeclined(plan.count(RsvpResponse.declined));
    counts.setTentative(plan.count(RsvpResponse.tentative));
    counts.setNeedsAction(plan.count(RsvpResponse.needsAction));
    return SyncReport.synced(plan.recorded().size() + " responses recorded (accepted " + counts.getAccepted()
        + ", declined " + counts.getDeclined() + ", tentative " + counts.getTentative() + ", needsAction "
        + counts.getNeedsAction() + ")", new SystemCounts.Rsvps(counts));
  }

  /** RSVPs follow the calendar they are read from; a new calendar starts the record afresh. */
  @Override
  public Set<String> targets(StudyGroupSpec spec) {
    return spec.getCalendar() == null ? Set.of() : Set.of(spec.getCalendar().getCalendarId());
  }

  @Override
  public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
    store.deleteAll(group.uid());
  }
}
