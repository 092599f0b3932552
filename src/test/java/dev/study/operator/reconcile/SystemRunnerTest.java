package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.sync.Plan;
import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.SyncReport;
import dev.study.operator.sync.SyncReport.Outcome;
import dev.study.operator.sync.SystemCounts;
import dev.study.operator.sync.SystemKind;
import dev.study.operator.sync.SystemSync;
import dev.study.operator.testing.CapturedLogs;
import dev.study.operator.testing.StudyGroups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runner as a table: where a system fails (observe, plan, apply) and how (expected, unexpected), and the
 * report and hand-off that come back. No failure may escape, and no secret may leave in a message.
 */
class SystemRunnerTest {
  private static final String SECRET = "bot-token-0123456789";
  private final SystemRunner runner = new SystemRunner(new Redactor(List.of(SECRET)));

  enum Step { OBSERVE, PLAN, APPLY }

  static Stream<Arguments> failures() {
    return Stream.of(
        // where, what is thrown -> outcome, reason, whether the observation is handed on
        Arguments.of(Step.OBSERVE, SyncException.retryable("Unavailable", "503 " + SECRET, null),
            Outcome.FAILED_RETRYABLE, "Unavailable", false),
        Arguments.of(Step.OBSERVE, SyncException.permanent("Forbidden", "403 " + SECRET, null),
            Outcome.FAILED_PERMANENT, "Forbidden", false),
        Arguments.of(Step.APPLY, SyncException.retryable("Unavailable", "503 " + SECRET, null),
            Outcome.FAILED_RETRYABLE, "Unavailable", true),
        Arguments.of(Step.APPLY, new IllegalStateException("bug near " + SECRET),
            Outcome.FAILED_RETRYABLE, Reasons.UNEXPECTED_ERROR, true),
        Arguments.of(Step.PLAN, new NullPointerException("field of " + SECRET),
            Outcome.FAILED_RETRYABLE, Reasons.UNEXPECTED_ERROR, true),
        Arguments.of(Step.OBSERVE, new IllegalArgumentException("bad " + SECRET),
            Outcome.FAILED_RETRYABLE, Reasons.UNEXPECTED_ERROR, false));
  }

  @ParameterizedTest(name = "{1} in {0} gives {2} {3}")
  @MethodSource("failures")
  void everyFailureBecomesARedactedReportAndNothingEscapes(Step where, Exception thrown, Outcome outcome,
      String reason, boolean observationHandedOn) {
    ScriptedSystem system = new ScriptedSystem().failing(where, thrown);

    SystemRun<String> run;
    try (CapturedLogs logs = CapturedLogs.everything()) {
      run = runner.sync(system, context(false));
      assertThat(logs.text()).doesNotContain(SECRET).contains(reason.equals(Reasons.UNEXPECTED_ERROR)
          ? thrown.getClass().getSimpleName() : reason);
    }

    assertThat(run.report().outcome()).isEqualTo(outcome);
    assertThat(run.report().reason()).isEqualTo(reason);
    assertThat(run.report().message()).doesNotContain(SECRET).contains("***");
    assertThat(run.report().counts()).isEqualTo(SystemCounts.NONE);
    assertThat(run.observed()).isEqualTo(observationHandedOn ? "seen" : null);
    assertThat(system.applied).isEqualTo(where == Step.APPLY ? 1 : 0);
  }

  @Test
  void anUnexpectedFailureNamesItsTypeSoThePersonReadingStatusCanReportIt() {
    ScriptedSystem system = new ScriptedSystem().failing(Step.APPLY, new IllegalStateException("no channel"));

    SyncReport report = runner.sync(system, context(false)).report();

    assertThat(report.message()).isEqualTo("IllegalStateException: no channel");
  }

  @Test
  void aSuccessfulRunReturnsTheSystemsReportRedactedAndWhatItObserved() {
    ScriptedSystem system = new ScriptedSystem();
    system.report = SyncReport.partial("RateLimited", "wrote 1 of 2 with " + SECRET, Duration.ofSeconds(7),
        SystemCounts.NONE);

    SystemRun<String> run = runner.sync(system, context(false));

    assertThat(run.report().outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(run.report().message()).isEqualTo("wrote 1 of 2 with ***");
    assertThat(run.report().retryAfterHint()).contains(Duration.ofSeconds(7));
    assertThat(run.observed()).isEqualTo("seen");
    assertThat(system.calls).containsExactly("observe", "plan", "apply");
  }

  @Test
  void aSuspendedGroupIsObservedAndPlannedButHeldInsteadOfApplied() {
    ScriptedSystem inStep = new ScriptedSystem();
    ScriptedSystem withChanges = new ScriptedSystem();
    withChanges.changes = "grant 2";

    SystemRun<String> quiet = runner.sync(inStep, context(true));
    SystemRun<String> pending = runner.sync(withChanges, context(true));

    assertThat(inStep.calls).containsExactly("observe", "plan", "hold");
    assertThat(quiet.report().outcome()).isEqualTo(Outcome.SUSPENDED_IN_STEP);
    assertThat(quiet.report().synced()).isTrue();
    assertThat(pending.report().outcome()).isEqualTo(Outcome.SUSPENDED_WITH_CHANGES);
    assertThat(pending.report().message()).isEqualTo("suspended; would grant 2");
    assertThat(pending.report().synced()).isFalse();
    assertThat(pending.report().retryable()).as("a suspension waits for a person, not a backoff").isFalse();
    assertThat(pending.observed()).isEqualTo("seen");
  }

  @Test
  void holdAndCleanupReturnTheirFailureRedactedOrNull() {
    ScriptedSystem ok = new ScriptedSystem();
    ScriptedSystem failing = new ScriptedSystem();
    failing.stepFailure = SyncException.retryable("Unavailable", "cannot reach " + SECRET, null);
    ScriptedSystem crashing = new ScriptedSystem();
    crashing.stepCrash = new IllegalStateException("crash " + SECRET);

    assertThat(runner.hold(ok, context(false))).isNull();
    assertThat(runner.cleanup(ok, context(false), Set.of("g/c"))).isNull();
    SyncException held = runner.hold(failing, context(false));
    SyncException cleaned = runner.cleanup(crashing, context(false), Set.of("g/c"));

    assertThat(held.reason()).isEqualTo("Unavailable");
    assertThat(held.getMessage()).isEqualTo("cannot reach ***");
    assertThat(held.retryable()).isTrue();
    assertThat(cleaned.reason()).isEqualTo(Reasons.UNEXPECTED_ERROR);
    assertThat(cleaned.getMessage()).isEqualTo("IllegalStateException: crash ***");
    assertThat(ok.calls).containsExactly("hold", "cleanup [g/c]");
  }

  @Test
  void aRetryAfterHintSurvivesTheFailureReport() {
    ScriptedSystem system = new ScriptedSystem().failing(Step.APPLY,
        new SyncException("RateLimited", "429", true, Duration.ofSeconds(42), null));

    SyncReport report = runner.sync(system, context(false)).report();

    assertThat(report.retryAfterHint()).contains(Duration.ofSeconds(42));
  }

  @Test
  void aDeferralByTheOperatorsOwnLimitIsReportedAsSuchNotAsAFailure() {
    ScriptedSystem system = new ScriptedSystem().failing(Step.OBSERVE,
        SyncException.deferred("RateLimited", "the quota has room in 9 s", Duration.ofSeconds(9)));

    SyncReport report = runner.sync(system, context(false)).report();

    assertThat(report.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(report.retryAfterHint()).contains(Duration.ofSeconds(9));
    assertThat(report.retryable()).isTrue();
  }

  private static GroupContext context(boolean suspended) {
    StudyGroup group = StudyGroups.group("ns", "g", "alice");
    group.getSpec().setSuspend(suspended);
    return GroupContext.of(group, group.getSpec(), List.of(),
        Instant.parse("2026-12-01T09:00:00Z"));
  }

  /** A system whose every step does what the test says: succeed, throw a sync failure, or crash. */
  private static final class ScriptedSystem implements SystemSync<String, ScriptedSystem.Changes> {
    private final List<String> calls = new ArrayList<>();
    private Step failingStep;
    private Exception failure;
    private SyncException stepFailure;
    private RuntimeException stepCrash;
    private String changes = "";
    private SyncReport report = SyncReport.synced("in sync", SystemCounts.NONE);
    private int applied;

    record Changes(String summary) implements Plan {
      @Override
      public boolean isEmpty() {
        return summary.isEmpty();
      }
    }

    ScriptedSystem failing(Step step, Exception e) {
      failingStep = step;
      failure = e;
      return this;
    }

    @Override
    public SystemKind kind() {
      return SystemKind.CALENDAR;
    }

    @Override
    public String observe(GroupContext group) throws SyncException {
      calls.add("observe");
      fail(Step.OBSERVE);
      return "seen";
    }

    @Override
    public Changes plan(GroupContext group, String observed) {
      calls.add("plan");
      try {
        fail(Step.PLAN);
      } catch (SyncException e) {
        throw new AssertionError("plan is pure and throws no sync failure", e);
      }
      return new Changes(changes);
    }

    @Override
    public SyncReport apply(GroupContext group, Changes plan) throws SyncException {
      calls.add("apply");
      applied++;
      fail(Step.APPLY);
      return report;
    }

    @Override
    public Set<String> targets(dev.study.operator.api.StudyGroupSpec spec) {
      return Set.of();
    }

    @Override
    public void cleanup(GroupContext group, Set<String> targets) throws SyncException {
      calls.add("cleanup " + targets);
      stepFailures();
    }

    @Override
    public void hold(GroupContext group) throws SyncException {
      calls.add("hold");
      stepFailures();
    }

    private void stepFailures() throws SyncException {
      if (stepFailure != null) {
        throw stepFailure;
      }
      if (stepCrash != null) {
        throw stepCrash;
      }
    }

    private void fail(Step step) throws SyncException {
      if (step != failingStep) {
        return;
      }
      if (failure instanceof SyncException e) {
        throw e;
      }
      throw (RuntimeException) failure;
    }
  }
}
