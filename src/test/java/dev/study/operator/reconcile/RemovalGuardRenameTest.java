package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.AppliedMember;
import dev.study.operator.api.Member;
import dev.study.operator.testing.StudyGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member renamed in the spec is the same person when either their Discord id or their email (in any case)
 * stays; members may have neither, and the first reconcile has nothing applied yet.
 */
class RemovalGuardRenameTest {
  private final RemovalGuard guard = new RemovalGuard(0.25, 3);

  private static List<Member> members(String... ids) {
    return new ArrayList<>(Arrays.stream(ids).map(StudyGroups::member).toList());
  }

  private static List<AppliedMember> applied(List<Member> members) {
    return members.stream().map(AppliedMember::of).toList();
  }

  private static Member renamed(String id, String newId, String discordUserId, String email) {
    Member m = StudyGroups.member(id);
    m.setId(newId);
    m.setDiscordUserId(discordUserId);
    m.setEmail(email);
    return m;
  }

  @Test
  void nothingIsHeldWhenNothingWasEverApplied() {
    RemovalGuard.Decision d = guard.decide(null, members("a"), 1, null);

    assertThat(d.holding()).isFalse();
    assertThat(d.members()).extracting(Member::getId).containsExactly("a");
  }

  @Test
  void aRenameKeepingOnlyTheDiscordIdIsNotARemoval() {
    List<Member> before = members("a", "b", "c", "d", "e");
    List<Member> spec = members("a", "b", "c");
    spec.add(renamed("d", "d2", before.get(3).getDiscordUserId(), "new-d@example.org"));
    spec.add(renamed("e", "e2", before.get(4).getDiscordUserId(), null));

    assertThat(guard.decide(applied(before), spec, 2, null).held()).isEmpty();
  }

  @Test
  void aRenameKeepingOnlyTheEmailInAnyCaseIsNotARemoval() {
    List<Member> before = members("a", "b", "c", "d", "e");
    List<Member> spec = members("a", "b", "c");
    spec.add(renamed("d", "d2", "399999999999999991", "D@EXAMPLE.ORG"));
    spec.add(renamed("e", "e2", null, "e@example.org"));

    assertThat(guard.decide(applied(before), spec, 2, null).held()).isEmpty();
  }

  @Test
  void membersWithNeitherDiscordIdNorEmailAreMatchedById() {
    List<Member> before = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d", "e")) {
      before.add(renamed(id, id, null, null));
    }
    List<Member> spec = List.of(renamed("a", "a", null, null), renamed("b", "b", null, null));

    RemovalGuard.Decision d = guard.decide(applied(before), spec, 2, null);

    assertThat(d.held()).extracting(Member::getId).containsExactly("c", "d", "e");
  }

  @Test
  void aRemovedMemberWithADiscordIdButNoEmailIsStillCountedAsRemoved() {
    List<Member> before = members("a", "b", "c", "d", "e");
    before.set(4, renamed("e", "e", before.get(4).getDiscordUserId(), null));
    before.set(3, renamed("d", "d", null, "d@example.org"));

    RemovalGuard.Decision d = guard.decide(applied(before), members("a", "b"), 2, null);

    assertThat(d.held()).extracting(Member::getId).containsExactly("c", "d", "e");
  }
}
