package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each refusal of a write inside a batch means: a result, or another try. */
class QueuedWriteTest {
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");
  private static final DesiredEvent EVENT = new DesiredEvent(1, "e1", "G · Meeting 1", null, START,
      START.plusSeconds(5400), "Europe/London", List.of("a@x.org"));
  private static final EventWrite INSERT = new EventWrite.Insert(EVENT, "uid");
  private static final EventWrite PATCH = new EventWrite.Patch(new EventPatch(EVENT, List.of(),
      Set.of(EventPatch.Change.SUMMARY), "\"3\""), "uid");
  private static final EventWrite DELETE = new EventWrite.Delete("e1");

  /** expected: the outcome, or null when the write is tried again. */
  record Case(String name, EventWrite write, int code, String reason, WriteResult.Outcome expected,
      String expectedReason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> refusals() {
    return Stream.of(
        new Case("takenIdOfACreateIsExists", INSERT, 409, "duplicate", WriteResult.Outcome.EXISTS, null),
        new Case("deletedEventIsGone", DELETE, 410, "deleted", WriteResult.Outcome.GONE, null),
        new Case("unknownEventOfADeleteIsGone", DELETE, 404, "notFound", WriteResult.Outcome.GONE, null),
        new Case("staleEtagOfAPatchIsConflict", PATCH, 412, "conditionNotMet", WriteResult.Outcome.CONFLICT,
            "conditionNotMet"),
        new Case("unknownEventOfAPatchFails", PATCH, 404, "notFound", WriteResult.Outcome.FAILED,
            CalendarReasons.NOT_FOUND),
        new Case("rateLimitIsTriedAgain", INSERT, 403, "rateLimitExceeded", null, CalendarReasons.RATE_LIMITED),
        new Case("tooManyRequestsIsTriedAgain", PATCH, 429, null, null, CalendarReasons.RATE_LIMITED),
        new Case("serverErrorIsTriedAgain", DELETE, 503, "backendError", null, CalendarReasons.ERROR),
        new Case("dailyLimitWaitsForTheReconciler", INSERT, 403, "dailyLimitExceeded", WriteResult.Outcome.DEFERRED,
            CalendarReasons.RATE_LIMITED),
        new Case("forbiddenFails", INSERT, 403, "forbidden", WriteResult.Outcome.FAILED, CalendarReasons.FORBIDDEN),
        new Case("conflictOfAPatchWithoutIfMatchSemanticsFails", PATCH, 409, "duplicate",
            WriteResult.Outcome.FAILED, CalendarReasons.ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusalBecomesAResultOrAnotherTry(Case c) {
    QueuedWrite queued = new QueuedWrite(c.write());

    queued.refused(c.code(), c.reason(), "Google's words");

    assertThat(queued.answered()).isTrue();
    if (c.expected() == null) {
      assertThat(queued.result()).isNull();
      assertThat(queued.retry().reason()).isEqualTo(c.expectedReason());
      assertThat(queued.gaveUp().outcome()).isEqualTo(WriteResult.Outcome.FAILED);
    } else {
      assertThat(queued.retry()).isNull();
      assertThat(queued.result().outcome()).isEqualTo(c.expected());
      assertThat(queued.result().reason()).isEqualTo(c.expectedReason());
      assertThat(queued.result().event()).isNull();
    }
  }

  @Test
  void dailyLimitCarriesTheHourLongRetryAfter() {
    QueuedWrite queued = new QueuedWrite(INSERT);

    queued.refused(403, "dailyLimitExceeded", null);

    assertThat(queued.result().retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void unansweredWriteIsTriedAgainButAnAnsweredOneIsNot() {
    QueuedWrite lost = new QueuedWrite(INSERT);
    QueuedWrite written = new QueuedWrite(DELETE);
    written.succeeded(null);

    lost.unanswered();
    written.unanswered();

    assertThat(lost.retry().reason()).isEqualTo(CalendarReasons.ERROR);
    assertThat(lost.retry().getMessage()).isEqualTo("no answer from Google Calendar for create event e1");
    assertThat(written.retry()).isNull();
    assertThat(written.result().outcome()).isEqualTo(WriteResult.Outcome.DONE);
  }
}
