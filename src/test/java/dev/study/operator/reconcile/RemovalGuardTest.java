package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.AppliedMember;
import dev.study.operator.api.Member;
import dev.study.operator.testing.StudyGroups;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemovalGuardTest {
  private final RemovalGuard guard = new RemovalGuard(0.25, 3);

  @Test
  void nothingIsHeldBeforeAnythingWasApplied() {
    RemovalGuard.Decision d = guard.decide(List.of(), members("alice"), 1, null);

    assertThat(d.holding()).isFalse();
    assertThat(ids(d.members())).containsExactly("alice");
    assertThat(d.applied()).extracting(AppliedMember::getId).containsExactly("alice");
  }

  @Test
  void removingFourOfFiveIsHeldWhileAdditionsGoAhead() {
    RemovalGuard.Decision d = guard.decide(applied("a", "b", "c", "d", "e"), members("a", "f"), 7, null);

    assertThat(d.holding()).isTrue();
    assertThat(ids(d.held())).containsExactly("b", "c", "d", "e");
    assertThat(ids(d.members())).containsExactly("a", "f", "b", "c", "d", "e");
    assertThat(d.applied()).extracting(AppliedMember::getId).containsExactly("a", "f", "b", "c", "d", "e");
  }

  @Test
  void removingExactlyTheThresholdIsNotHeld() {
    assertThat(guard.decide(applied("a", "b", "c", "d"), members("a", "b", "c"), 2, null).holding()).isFalse();
    assertThat(guard.decide(applied("a", "b", "c", "d"), members("a", "b"), 2, null).holding()).isTrue();
  }

  @Test
  void aGroupOfThreeOrFewerIsExempt() {
    RemovalGuard.Decision d = guard.decide(applied("a", "b", "c"), members(), 2, null);

    assertThat(d.holding()).isFalse();
    assertThat(d.members()).isEmpty();
    assertThat(d.applied()).isEmpty();
  }

  @Test
  void approvalOfThisGenerationReleasesTheRemovalsAndOfAnotherDoesNot() {
    assertThat(guard.decide(applied("a", "b", "c", "d", "e"), members("a"), 7, "7").holding()).isFalse();
    assertThat(guard.decide(applied("a", "b", "c", "d", "e"), members("a"), 8, "7").holding()).isTrue();
  }

  @Test
  void theSamePersonUnderANewIdIsNotARemoval() {
    List<Member> renamed = members("a", "b", "c", "d");
    Member e2 = StudyGroups.member("e");
    e2.setId("e-renamed");
    renamed = new java.util.ArrayList<>(renamed);
    renamed.add(e2);

    assertThat(guard.decide(applied("a", "b", "c", "d", "e"), renamed, 2, null).held()).isEmpty();
  }

  @Test
  void theMessageNamesTheMembersTheCountAndTheApproval() {
    RemovalGuard.Decision d = guard.decide(applied("a", "b", "c", "d", "e"), members("a"), 7, null);

    assertThat(guard.describe(d, 5, 7)).contains("4 of 5 members (b, c, d, e)", "25%",
        "study.dev/approve-removal=\"7\"");
  }

  private static List<Member> members(String... ids) {
    return Arrays.stream(ids).map(StudyGroups::member).toList();
  }

  private static List<AppliedMember> applied(String... ids) {
    return members(ids).stream().map(AppliedMember::of).toList();
  }

  private static List<String> ids(List<Member> members) {
    return members.stream().map(Member::getId).toList();
  }
}
