package dev.study.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.Member;
import dev.study.operator.api.MeetingOverride;
import dev.study.operator.api.ReminderSpec;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.reconcile.Allowlist;
import dev.study.operator.reconcile.SpecValidator;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.Meeting;
import dev.study.operator.testing.CrdValidator;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 8, beside the corpora it builds on (fixtures/crd/invalid, refused by the schema and CEL:
 * api/CrdSchemaTest; fixtures/reconcile/invalid-spec, refused as InvalidSpec: reconcile/InvalidSpecCorpusTest).
 * Here: every list and string bound at the bound (accepted) and one past it (refused), hostile but legal text,
 * and the cases where the right answer is a choice, pinned so that a change of choice is seen.
 */
class HostileInputTest {
  private static final CrdValidator CRD = CrdValidator.forStudyGroups();
  private static final SpecValidator VALIDATOR =
      new SpecValidator(new Allowlist(Set.of(StudyGroups.GUILD), Set.of(StudyGroups.CALENDAR)));
  /** Hebrew and Arabic letters (right to left) with a right-to-left override, all in the BMP. */
  private static final String RTL = "קבוצת לימוד \u202E مجموعة";

  @Test
  void theCorporaHoldAtLeastFortyHostileResources() throws IOException {
    long schema = count("src/test/resources/fixtures/crd/invalid");
    long reconciler = count("src/test/resources/fixtures/reconcile/invalid-spec");
    assertThat(schema + reconciler).isGreaterThanOrEqualTo(40);
  }

  @Test
  void everyBoundIsAcceptedAtItsLimitAndRefusedOnePast() {
    assertBound("displayName", 100, (g, n) -> g.getSpec().setDisplayName(repeat(RTL, n)));
    assertBound("members", 50, (g, n) -> g.getSpec().setMembers(members(n)));
    assertBound("schedule.count", 100, (g, n) -> g.getSpec().getSchedule().setCount(n));
    assertBound("reminders", 5, (g, n) -> g.getSpec().setReminders(reminders(n)));
    assertBound("member id", 63, (g, n) -> g.getSpec().getMembers().get(0).setId(repeat("a", n)));
    assertBound("member displayName", 100,
        (g, n) -> g.getSpec().getMembers().get(0).setDisplayName(repeat(RTL, n)));
    assertBound("member email", 254, (g, n) -> g.getSpec().getMembers().get(0).setEmail(email(n)));
  }

  @Test
  void unicodeAndRightToLeftNamesAndPlusAndMixedCaseEmailsAreAccepted() throws Exception {
    StudyGroup g = group();
    g.getSpec().setDisplayName(RTL + " 📚");
    g.getSpec().getMembers().get(0).setDisplayName(RTL);
    g.getSpec().getMembers().get(0).setEmail("Alice+Study@Example.ORG");
    assertAccepted(g);
  }

  @Test
  void idsThatDifferOnlyInCaseCannotBeWritten() {
    StudyGroup g = group();
    g.getSpec().getMembers().get(1).setId("Alice");
    assertThat(CRD.validateYaml(Serialization.asYaml(g)).accepted()).as("member ids are lower-case DNS labels").isFalse();
    StudyGroup emails = group();
    emails.getSpec().getMembers().get(1).setEmail("ALICE@example.org");
    assertThat(CRD.validateYaml(Serialization.asYaml(emails)).accepted()).as("emails compared ignoring case").isFalse();
  }

  /**
   * The choice: a local time inside a DST gap moves forward by the gap (java.time's ZonedDateTime rule, which
   * ScheduleExpander uses), so 01:30 on the night London skips 01:00-02:00 is 02:30 BST; one inside the overlap
   * takes the earlier offset (01:30 BST, not GMT).
   */
  @Test
  void aLocalTimeInADstGapMovesForwardByTheGapAndOneInTheOverlapTakesTheEarlierOffset() throws Exception {
    StudyGroup gap = group();
    gap.getSpec().getSchedule().setFirstMeeting("2027-03-28T01:30");
    gap.getSpec().getSchedule().setCount(1);
    assertThat(assertAccepted(gap).get(0).start()).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
    StudyGroup overlap = group();
    overlap.getSpec().getSchedule().setFirstMeeting("2027-10-31T01:30");
    overlap.getSpec().getSchedule().setCount(1);
    assertThat(assertAccepted(overlap).get(0).start()).isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
  }

  @Test
  void aTimeZoneThatIsNotIanaAndAnImpossibleDateAreInvalidSpec() {
    for (String zone : List.of("Mars/Olympus_Mons", "GMT+25", "Europe/london ")) {
      StudyGroup g = group();
      g.getSpec().getSchedule().setTimeZone(zone);
      assertInvalidSpec(g, "spec.schedule.timeZone");
    }
    StudyGroup leap = group();
    leap.getSpec().getSchedule().setFirstMeeting("2027-02-29T18:00");
    assertInvalidSpec(leap, "spec.schedule.firstMeeting");
  }

  /** An override that moves a meeting onto another one is InvalidSpec, naming the override. */
  @Test
  void overlappingMeetingsAfterAnOverrideAreRefusedNamingTheOverride() throws Exception {
    StudyGroup g = group();
    MeetingOverride o = new MeetingOverride();
    o.setNumber(2);
    o.setStart("2027-01-05T18:30");
    g.getSpec().getSchedule().setOverrides(new ArrayList<>(List.of(o)));
    assertInvalidSpec(g, "spec.schedule.overrides[0].start");
  }

  /** A duration longer than the interval makes every meeting overlap the next: InvalidSpec, naming the duration. */
  @Test
  void aDurationLongerThanTheIntervalIsRefused() throws Exception {
    StudyGroup g = group();
    g.getSpec().getSchedule().setEvery("1d");
    g.getSpec().getSchedule().setDuration("25h");
    assertInvalidSpec(g, "spec.schedule.duration");
  }

  /** A reminder further ahead than the interval would come before the previous meeting: InvalidSpec. */
  @Test
  void aReminderOffsetLongerThanTheIntervalIsRefused() throws Exception {
    StudyGroup g = group();
    g.getSpec().getReminders().get(0).setOffset("10d");
    assertInvalidSpec(g, "spec.reminders[0].offset");
  }

  // ---------------------------------------------------------------- helpers

  private interface Setter {
    void set(StudyGroup g, int n);
  }

  private static void assertBound(String what, int limit, Setter setter) {
    StudyGroup at = group();
    setter.set(at, limit);
    var verdict = CRD.validateYaml(Serialization.asYaml(at));
    assertThat(verdict.accepted()).as("%s at %d: %s", what, limit, verdict.errors()).isTrue();
    StudyGroup past = group();
    setter.set(past, limit + 1);
    assertThat(CRD.validateYaml(Serialization.asYaml(past)).accepted()).as("%s at %d", what, limit + 1).isFalse();
  }

  private static List<Meeting> assertAccepted(StudyGroup g) throws InvalidSpecException {
    var verdict = CRD.validateYaml(Serialization.asYaml(g));
    assertThat(verdict.accepted()).as("schema: %s", verdict.errors()).isTrue();
    return VALIDATOR.validate(g.getSpec());
  }

  private static void assertInvalidSpec(StudyGroup g, String field) {
    assertThat(CRD.validateYaml(Serialization.asYaml(g)).accepted()).as("the schema lets it through").isTrue();
    assertThatThrownBy(() -> VALIDATOR.validate(g.getSpec())).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(field));
  }

  private static StudyGroup group() {
    return StudyGroups.group("course", "hostile", "alice", "bob");
  }

  private static List<Member> members(int n) {
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Member m = StudyGroups.member("m" + i);
      m.setDiscordUserId(String.valueOf(300000000000000000L + i));
      out.add(m);
    }
    return out;
  }

  private static List<ReminderSpec> reminders(int n) {
    List<ReminderSpec> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ReminderSpec r = new ReminderSpec();
      r.setOffset(i + "h");
      out.add(r);
    }
    return out;
  }

  /** A valid address of exactly n characters: local part, then labels of at most 63. */
  private static String email(int n) {
    String domain = "@" + repeat("d", 63) + "." + repeat("e", 63) + "." + repeat("f", 61) + ".org";
    return repeat("a", n - domain.length()) + domain;
  }

  /** The text repeated and cut to exactly n characters. */
  private static String repeat(String text, int n) {
    return text.repeat(n / text.length() + 1).substring(0, n);
  }

  private static long count(String dir) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).count();
    }
  }
}
