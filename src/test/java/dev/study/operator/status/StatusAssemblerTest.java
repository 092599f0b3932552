package dev.study.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.AppliedMember;
import dev.study.operator.api.CalendarStatus;
import dev.study.operator.api.DiscordStatus;
import dev.study.operator.api.MeetingStatus;
import dev.study.operator.api.StudyGroupSpec;
import dev.study.operator.api.StudyGroupStatus;
import dev.study.operator.api.SystemRetry;
import dev.study.operator.api.SystemTargets;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SyncReport.Outcome;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status assembler as a table: each row is one reconcile's reports, and the conditions they must give. As
 * Keycloak tests its status aggregator, the rows state the rules; the nested classes cover counts, the hand-kept
 * state of systems that did not run, the removal hold, suspension and invalid specs.
 */
class StatusAssemblerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  private static final long GEN = 4;
  private static final List<Meeting> MEETINGS = List.of(
      new Meeting(1, Instant.parse("2027-01-05T17:00:00Z"), Instant.parse("2027-01-05T18:00:00Z")),
      new Meeting(2, Instant.parse("2027-01-12T17:00:00Z"), Instant.parse("2027-01-12T18:00:00Z")));

  // ---- the table -----------------------------------------------------------------------------------------------

  static Stream<Arguments> outcomes() {
    return Stream.of(
        // outcome of Calendar, others synced  -> Calendar condition, Ready, Reconciling, Stalled
        row(Outcome.SYNCED, "Synced", "True", "True", "False", "False"),
        row(Outcome.NOT_USED, Reasons.NOT_CONFIGURED, "True", "True", "False", "False"),
        row(Outcome.PARTIAL, "RateLimited", "False", "False", "True", "False"),
        row(Outcome.DEFERRED, "RateLimited", "False", "False", "True", "False"),
        row(Outcome.FAILED_RETRYABLE, "Unavailable", "False", "False", "True", "False"),
        row(Outcome.FAILED_PERMANENT, "Forbidden", "False", "False", "False", "True"),
        row(Outcome.SUSPENDED_IN_STEP, Reasons.SUSPENDED, "True", "True", "False", "False"),
        row(Outcome.SUSPENDED_WITH_CHANGES, Reasons.SUSPENDED, "False", "False", "False", "False"));
  }

  private static Arguments row(Outcome outcome, String reason, String condition, String ready, String reconciling,
      String stalled) {
    return Arguments.of(outcome, reason, condition, ready, reconciling, stalled);
  }

  @ParameterizedTest(name = "{0} gives Calendar={2}, Ready={3}, Reconciling={4}, Stalled={5}")
  @MethodSource("outcomes")
  void eachOutcomeGivesItsConditionsAndTheKstatusPair(Outcome outcome, String reason, String condition,
      String ready, String reconciling, String stalled) {
    Map<SystemKind, SyncReport> reports = allSynced();
    reports.put(SystemKind.CALENDAR, new SyncReport(outcome, reason, "calendar: " + outcome, null, null));

    StudyGroupStatus status = StatusAssembler.assemble(null, result(spec(), reports, List.of()));

    assertThat(condition(status, "CalendarSynced").getStatus()).isEqualTo(condition);
    assertThat(condition(status, "CalendarSynced").getReason()).isEqualTo(reason);
    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo(ready);
    assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo(reconciling);
    assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo(stalled);
    if ("False".equals(ready)) {
      assertThat(condition(status, Conditions.READY).getReason()).isEqualTo(reason);
      assertThat(condition(status, Conditions.READY).getMessage()).isEqualTo("CalendarSynced: calendar: " + outcome);
    }
  }

  @Test
  void theFirstFailingSystemGivesReadyItsReasonAndEveryFailureIsNamedOnceByMessage() {
    Map<SystemKind, SyncReport> reports = allSynced();
    reports.put(SystemKind.DISCORD, SyncReport.failed("GatewayUnavailable", "no session", true, null));
    reports.put(SystemKind.REMINDERS, SyncReport.failed("GatewayUnavailable", "no session", true, null));
    reports.put(SystemKind.CALENDAR, SyncReport.failed("Forbidden", "403", false, null));

    StudyGroupStatus status = StatusAssembler.assemble(null, result(spec(), reports, List.of()));

    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo("GatewayUnavailable");
    assertThat(ready.getMessage()).isEqualTo("DiscordSynced, RemindersSynced: no session; CalendarSynced: 403");
    assertThat(condition(status, Conditions.STALLED).getReason()).isEqualTo("Forbidden");
  }

  @Test
  void conditionsComeInSystemOrderThenReadyReconcilingStalled() {
    StudyGroupStatus status = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));

    assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("DiscordSynced",
        "CalendarSynced", "RemindersSynced", "RsvpsSynced", "Ready", "Reconciling", "Stalled");
    assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(GEN));
  }

  @Test
  void recordsWhatTheReconcileDecidedBesidesTheReports() {
    AppliedMember applied = new AppliedMember();
    applied.setId("alice");
    SystemTargets targets = new SystemTargets();
    targets.setSystem("DiscordSynced");
    targets.setIds(List.of(StudyGroups.GUILD + "/" + StudyGroups.TEXT_CHANNEL));
    SystemRetry retry = retry("CalendarSynced", false);

    StudyGroupStatus status = StatusAssembler.assemble(null, new ReconcileResult(GEN, spec(), MEETINGS, allSynced(),
        List.of(retry), List.of(targets), List.of(applied), "2026-12-01T08:00:00Z", null, T1));

    assertThat(status.getObservedGeneration()).isEqualTo(GEN);
    assertThat(status.getMemberCount()).isEqualTo(2);
    assertThat(status.getMeetingCount()).isEqualTo(2);
    assertThat(status.getMeetings()).extracting(MeetingStatus::getNumber).containsExactly(1, 2);
    assertThat(status.getMeetings().get(0).getStart()).isEqualTo("2027-01-05T17:00:00Z");
    assertThat(status.getRetries()).containsExactly(retry);
    assertThat(status.getTargets()).containsExactly(targets);
    assertThat(status.getAppliedMembers()).containsExactly(applied);
    assertThat(status.getLastHandledReconcileAt()).isEqualTo("2026-12-01T08:00:00Z");
    assertThat(status.getPlan()).isNull();
  }

  @Nested
  class Counts {
    @Test
    void aReportsCountsReplaceThePreviousOnes() {
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(3)), List.of()));

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), withDiscord(discord(5)), List.of()));

      assertThat(status.getDiscord().getGranted()).isEqualTo(5);
    }

    @Test
    void aFailedReportKeepsThePreviousCounts() {
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(3)), List.of()));
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.put(SystemKind.DISCORD, SyncReport.failed("GatewayUnavailable", "no session", true, null));

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reports, List.of()));

      assertThat(status.getDiscord().getGranted()).isEqualTo(3);
    }

    @Test
    void aSystemNoLongerUsedLosesItsCountsAndItsEventIds() {
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(),
          withCalendar(Map.of(1, "ev1", 2, "ev2")), List.of()));
      Map<SystemKind, SyncReport> reports = withDiscord(discord(3));
      reports.put(SystemKind.CALENDAR, SyncReport.notConfigured(SystemKind.CALENDAR));

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reports, List.of()));

      assertThat(status.getCalendar()).isNull();
      assertThat(status.getMeetings()).extracting(MeetingStatus::getEventId).containsOnlyNulls();
      assertThat(status.getDiscord()).isNotNull();
    }

    @Test
    void calendarCountsGiveEachMeetingItsEventIdAndNoneWhereTheWriteFailed() {
      StudyGroupStatus status = StatusAssembler.assemble(null, result(spec(), withCalendar(Map.of(2, "ev2")), List.of()));

      assertThat(status.getMeetings()).extracting(MeetingStatus::getEventId).containsExactly(null, "ev2");
      assertThat(status.getCalendar().getCreated()).isEqualTo(1);
    }

    @Test
    void aCalendarWaitingOutItsBackoffKeepsEveryMeetingsEventId() {
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(),
          withCalendar(Map.of(1, "ev1", 2, "ev2")), List.of()));
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.remove(SystemKind.CALENDAR);

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reports, List.of()));

      assertThat(status.getMeetings()).extracting(MeetingStatus::getEventId).containsExactly("ev1", "ev2");
      assertThat(status.getCalendar().getCreated()).isEqualTo(1);
    }
  }

  @Nested
  class SystemsThatDidNotRun {
    @Test
    void keepTheirConditionAndItsTransitionTime() {
      Map<SystemKind, SyncReport> failing = allSynced();
      failing.put(SystemKind.CALENDAR, SyncReport.failed("Unavailable", "503", true, Duration.ofSeconds(30)));
      StudyGroupStatus previous = StatusAssembler.assemble(null, new ReconcileResult(GEN, spec(), MEETINGS, failing,
          List.of(), List.of(), List.of(), null, null, T0));
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.remove(SystemKind.CALENDAR);

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reports,
          List.of(retry("CalendarSynced", false))));

      Condition calendar = condition(status, "CalendarSynced");
      assertThat(calendar.getReason()).isEqualTo("Unavailable");
      assertThat(calendar.getLastTransitionTime()).isEqualTo(T0.toString());
      assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("True");
    }

    @Test
    void whoseLastFailureWasPermanentKeepTheGroupStalled() {
      Map<SystemKind, SyncReport> failing = allSynced();
      failing.put(SystemKind.CALENDAR, SyncReport.failed("Forbidden", "403", false, null));
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), failing,
          List.of(retry("CalendarSynced", true))));
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.remove(SystemKind.CALENDAR);

      StudyGroupStatus permanent = StatusAssembler.assemble(previous, result(spec(), reports,
          List.of(retry("CalendarSynced", true))));
      StudyGroupStatus retrying = StatusAssembler.assemble(previous, result(spec(), reports,
          List.of(retry("CalendarSynced", false))));

      assertThat(condition(permanent, Conditions.STALLED).getStatus()).isEqualTo("True");
      assertThat(condition(retrying, Conditions.STALLED).getStatus()).isEqualTo("False");
      assertThat(condition(retrying, Conditions.RECONCILING).getStatus()).isEqualTo("True");
    }
  }

  @Nested
  class Suspension {
    @Test
    void thePlanListsEachSystemWithChangesWaitingAndNoOther() {
      StudyGroupSpec spec = spec();
      spec.setSuspend(true);
      Map<SystemKind, SyncReport> reports = new EnumMap<>(SystemKind.class);
      reports.put(SystemKind.DISCORD, SyncReport.suspendedWithChanges("suspended; would grant 1"));
      reports.put(SystemKind.CALENDAR, new SyncReport(Outcome.SUSPENDED_IN_STEP, Reasons.SUSPENDED,
          "suspended; nothing to change", null, null));
      reports.put(SystemKind.REMINDERS, SyncReport.suspendedWithChanges("suspended; would move 2"));
      reports.put(SystemKind.RSVPS, SyncReport.notConfigured(SystemKind.RSVPS));

      StudyGroupStatus status = StatusAssembler.assemble(null, result(spec, reports, List.of()));

      assertThat(status.getPlan().getReason()).isEqualTo(Reasons.SUSPENDED);
      assertThat(status.getPlan().getMessage()).isEqualTo("suspended: nothing is written until spec.suspend is false");
      assertThat(status.getPlan().getSystems()).extracting(p -> p.getSystem() + ": " + p.getSummary())
          .containsExactly("DiscordSynced: suspended; would grant 1", "RemindersSynced: suspended; would move 2");
      assertThat(condition(status, Conditions.RECONCILING).getReason()).isEqualTo(Reasons.SUSPENDED);
      assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("False");
    }

    @Test
    void aSuspendedGroupWithAnotherFailureIsStillReconciling() {
      StudyGroupSpec spec = spec();
      spec.setSuspend(true);
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.put(SystemKind.DISCORD, SyncReport.suspendedWithChanges("suspended; would grant 1"));
      reports.put(SystemKind.CALENDAR, SyncReport.failed("Unavailable", "503", true, null));

      StudyGroupStatus status = StatusAssembler.assemble(null, result(spec, reports, List.of()));

      assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("True");
    }

    @Test
    void anUnsuspendedGroupHasNoPlan() {
      StudyGroupStatus status = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));

      assertThat(status.getPlan()).isNull();
    }
  }

  @Nested
  class RemovalHold {
    private final ReconcileResult.HeldRemoval hold = new ReconcileResult.HeldRemoval("RemovalHeld",
        List.of("bob", "carol"), "2 of 3 members would be removed; approve with study.dev/approve-removal=4");

    @Test
    void holdsReadyAndStallsTheGroupWhateverTheSystemsSay() {
      StudyGroupStatus status = StatusAssembler.assemble(null, held(allSynced()));

      assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
      assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("RemovalHeld");
      assertThat(condition(status, Conditions.READY).getMessage()).isEqualTo(hold.message());
      assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("True");
      assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("False");
      assertThat(condition(status, Conditions.RECONCILING).getReason()).isEqualTo("RemovalHeld");
      assertThat(condition(status, Conditions.RECONCILING).getMessage())
          .isEqualTo("waiting for a person to approve the removal");
      assertThat(status.getPlan().getHeldRemovals()).containsExactly("bob", "carol");
      assertThat(status.getPlan().getReason()).isEqualTo("RemovalHeld");
      assertThat(status.getPlan().getMessage()).isEqualTo(hold.message());
    }

    @Test
    void thePlanSaysWhatEachUsedSystemWouldDoWithTheHeldMembers() {
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.put(SystemKind.RSVPS, SyncReport.notConfigured(SystemKind.RSVPS));

      StudyGroupStatus status = StatusAssembler.assemble(null, held(reports));

      assertThat(status.getPlan().getSystems()).extracting(p -> p.getSystem() + ": " + p.getSummary()).containsExactly(
          "DiscordSynced: revoke the channel access of bob, carol",
          "CalendarSynced: remove bob, carol from the attendees of future events",
          "RemindersSynced: stop mentioning bob, carol in reminders");
    }

    @Test
    void aSystemFailingMeanwhileIsNamedAfterTheHold() {
      Map<SystemKind, SyncReport> reports = allSynced();
      reports.put(SystemKind.CALENDAR, SyncReport.failed("Unavailable", "503", true, null));

      StudyGroupStatus status = StatusAssembler.assemble(null, held(reports));

      assertThat(condition(status, Conditions.READY).getMessage()).isEqualTo(hold.message() + "; CalendarSynced: 503");
    }

    private ReconcileResult held(Map<SystemKind, SyncReport> reports) {
      return new ReconcileResult(GEN, spec(), MEETINGS, reports, List.of(), List.of(), List.of(), null, hold, T1);
    }
  }

  @Nested
  class InvalidSpec {
    @Test
    void everySystemSaysInvalidSpecAndTheGroupIsStalled() {
      StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(3)),
          List.of(retry("CalendarSynced", false))));

      StudyGroupStatus status = StatusAssembler.invalid(previous, GEN + 1, spec(), "spec.schedule.timeZone: not IANA", T1);

      for (SystemKind kind : SystemKind.values()) {
        assertThat(condition(status, kind.conditionType()).getReason()).isEqualTo(Reasons.INVALID_SPEC);
        assertThat(condition(status, kind.conditionType()).getMessage()).isEqualTo("spec.schedule.timeZone: not IANA");
      }
      assertThat(condition(status, Conditions.READY).getMessage())
          .isEqualTo("DiscordSynced, CalendarSynced, RemindersSynced, RsvpsSynced: spec.schedule.timeZone: not IANA");
      assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("True");
      assertThat(status.getObservedGeneration()).isEqualTo(GEN + 1);
      assertThat(status.getRetries()).isEmpty();
      assertThat(status.getDiscord().getGranted()).as("counts of the last valid spec stay").isEqualTo(3);
    }

    @Test
    void aGroupWithoutSpecCountsNoMembers() {
      StudyGroupStatus status = StatusAssembler.invalid(null, 1, null, "spec is required", T1);

      assertThat(status.getMemberCount()).isZero();
    }
  }

  @Test
  void twoStatusesAreTheSameWhenTheySerializeTheSame() {
    StudyGroupStatus a = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));
    StudyGroupStatus b = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));
    StudyGroupStatus c = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(1)), List.of()));

    assertThat(StatusAssembler.same(a, b)).isTrue();
    assertThat(StatusAssembler.same(a, c)).isFalse();
    assertThat(StatusAssembler.same(null, new dev.study.operator.api.StudyGroupStatus())).isTrue();
  }

  @Test
  void assemblingLeavesThePreviousStatusAsItWas() {
    StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(3)), List.of()));
    StudyGroupStatus copy = StatusAssembler.assemble(null, result(spec(), withDiscord(discord(3)), List.of()));

    StatusAssembler.assemble(previous, result(spec(), withDiscord(discord(9)), List.of()));

    assertThat(StatusAssembler.same(previous, copy)).isTrue();
  }

  @Nested
  class Order {
    @Test
    void conditionsAreSortedWhateverOrderTheReportsAndThePreviousStatusCameIn() {
      Map<SystemKind, SyncReport> reversed = new LinkedHashMap<>();
      List<SystemKind> kinds = new java.util.ArrayList<>(List.of(SystemKind.values()));
      java.util.Collections.reverse(kinds);
      kinds.forEach(k -> reversed.put(k, SyncReport.synced("ok", null)));
      StudyGroupStatus previous = new StudyGroupStatus();
      Conditions.set(previous.getConditions(), "SomethingNewer", true, "Fine", "a newer operator's", GEN, T0);
      Conditions.set(previous.getConditions(), Conditions.STALLED, false, "x", "x", GEN, T0);
      Conditions.set(previous.getConditions(), Conditions.READY, false, "x", "x", GEN, T0);

      StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reversed, List.of()));
      StudyGroupStatus invalid = StatusAssembler.invalid(previous, GEN, spec(), "bad", T1);

      List<String> expected = List.of("DiscordSynced", "CalendarSynced", "RemindersSynced", "RsvpsSynced", "Ready",
          "Reconciling", "Stalled", "SomethingNewer");
      assertThat(status.getConditions()).extracting(Condition::getType).containsExactlyElementsOf(expected);
      assertThat(invalid.getConditions()).extracting(Condition::getType).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everySystemsCountsAreWrittenAndANoLongerUsedSystemLosesThem() {
    Map<SystemKind, SyncReport> reports = withDiscord(discord(2));
    dev.study.operator.api.ReminderStatus reminders = new dev.study.operator.api.ReminderStatus();
    reminders.setScheduled(4);
    dev.study.operator.api.RsvpStatus rsvps = new dev.study.operator.api.RsvpStatus();
    rsvps.setRecorded(3);
    reports.put(SystemKind.REMINDERS, SyncReport.synced("4", new SystemCounts.Reminders(reminders)));
    reports.put(SystemKind.RSVPS, SyncReport.synced("3", new SystemCounts.Rsvps(rsvps)));
    StudyGroupStatus counted = StatusAssembler.assemble(null, result(spec(), reports, List.of()));
    Map<SystemKind, SyncReport> unused = new LinkedHashMap<>();
    for (SystemKind kind : SystemKind.values()) {
      unused.put(kind, SyncReport.notConfigured(kind));
    }

    StudyGroupStatus cleared = StatusAssembler.assemble(counted, result(spec(), unused, List.of()));

    assertThat(counted.getDiscord().getGranted()).isEqualTo(2);
    assertThat(counted.getReminders().getScheduled()).isEqualTo(4);
    assertThat(counted.getRsvps().getRecorded()).isEqualTo(3);
    assertThat(cleared.getDiscord()).isNull();
    assertThat(cleared.getCalendar()).isNull();
    assertThat(cleared.getReminders()).isNull();
    assertThat(cleared.getRsvps()).isNull();
  }

  @Test
  void anotherSystemsPermanentRetryDoesNotStallASystemThatDidNotRun() {
    Map<SystemKind, SyncReport> reports = allSynced();
    reports.remove(SystemKind.CALENDAR);
    StudyGroupStatus previous = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));

    StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), reports,
        List.of(retry("RemindersSynced", true))));

    assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("False");
  }

  @Test
  void meetingsKeepTheirEndAndAPreviousStatusWithoutMeetingsIsFine() {
    StudyGroupStatus previous = new StudyGroupStatus();
    previous.setMeetings(null);

    StudyGroupStatus status = StatusAssembler.assemble(previous, result(spec(), allSynced(), List.of()));

    assertThat(status.getMeetings().get(1).getEnd()).isEqualTo("2027-01-12T18:00:00Z");
    assertThat(status.getMeetings()).extracting(MeetingStatus::getEventId).containsOnlyNulls();
  }

  @Test
  void aSpecWithoutMembersCountsNone() {
    StudyGroupSpec spec = spec();
    spec.setMembers(null);

    assertThat(StatusAssembler.invalid(null, 1, spec, "spec.members: required", T1).getMemberCount()).isZero();
  }

  @Test
  void aStatusIsTheSameAsNoneOnlyWhenItIsEmpty() {
    StudyGroupStatus some = StatusAssembler.assemble(null, result(spec(), allSynced(), List.of()));

    assertThat(StatusAssembler.same(new StudyGroupStatus(), null)).isTrue();
    assertThat(StatusAssembler.same(some, null)).isFalse();
    assertThat(StatusAssembler.same(null, some)).isFalse();
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static ReconcileResult result(StudyGroupSpec spec, Map<SystemKind, SyncReport> reports,
      List<SystemRetry> retries) {
    return new ReconcileResult(GEN, spec, MEETINGS, reports, retries, List.of(), List.of(), null, null, T1);
  }

  private static StudyGroupSpec spec() {
    return StudyGroups.group("ns", "g", "alice", "bob").getSpec();
  }

  private static Map<SystemKind, SyncReport> allSynced() {
    Map<SystemKind, SyncReport> reports = new LinkedHashMap<>();
    for (SystemKind kind : SystemKind.values()) {
      reports.put(kind, SyncReport.synced(kind.displayName() + " in sync", null));
    }
    return reports;
  }

  private static Map<SystemKind, SyncReport> withDiscord(DiscordStatus discord) {
    Map<SystemKind, SyncReport> reports = allSynced();
    reports.put(SystemKind.DISCORD, SyncReport.synced("granted", new SystemCounts.Discord(discord)));
    return reports;
  }

  private static Map<SystemKind, SyncReport> withCalendar(Map<Integer, String> eventIds) {
    Map<SystemKind, SyncReport> reports = allSynced();
    CalendarStatus calendar = new CalendarStatus();
    calendar.setCreated(1);
    reports.put(SystemKind.CALENDAR, SyncReport.synced("events match",
        new SystemCounts.Calendar(calendar, eventIds, null)));
    return reports;
  }

  private static DiscordStatus discord(int granted) {
    DiscordStatus d = new DiscordStatus();
    d.setGranted(granted);
    return d;
  }

  private static SystemRetry retry(String system, boolean permanent) {
    SystemRetry r = new SystemRetry();
    r.setSystem(system);
    r.setFailures(1);
    r.setGeneration(GEN);
    r.setNotBefore(T1.plusSeconds(60).toString());
    r.setPermanent(permanent);
    return r;
  }

  private static Condition condition(StudyGroupStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow(() -> new AssertionError("no " + type));
  }
}
