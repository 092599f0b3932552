package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.StudyGroups;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupTriggersTest {
  private final StudyGroup a = StudyGroups.group("course", "a", "alice");
  private final StudyGroup b = StudyGroups.group("course", "b", "bob");
  /** Drift only for group b's spec: a's member overwrite is as a wants it. */
  private final OverwriteDrift onlyB = (spec, channel, user) -> spec == b.getSpec();

  @Test
  void aChangeOfTheChannelItselfWakesEveryGroupNamingIt() {
    assertThat(GroupTriggers.concerned(List.of(a, b), ChannelChange.ofChannel("c1"), onlyB)).containsExactly(a, b);
  }

  @Test
  void aMemberOverwriteAsTheGroupWantsItWakesNobody() {
    assertThat(GroupTriggers.concerned(List.of(a), ChannelChange.ofMemberOverwrite("c1", "u1"), onlyB)).isEmpty();
  }

  @Test
  void aMemberOverwriteThatDriftedWakesOnlyTheGroupItDriftedFor() {
    assertThat(GroupTriggers.concerned(List.of(a, b), ChannelChange.ofMemberOverwrite("c1", "u1"), onlyB))
        .containsExactly(b);
  }

  @Test
  void aGroupBeingDeletedIsAlwaysWoken() {
    a.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    assertThat(GroupTriggers.concerned(List.of(a), ChannelChange.ofMemberOverwrite("c1", "u1"), onlyB))
        .containsExactly(a);
  }

  @Test
  void withoutADriftCheckEveryMemberOverwriteChangeWakes() {
    assertThat(GroupTriggers.concerned(List.of(a, b), ChannelChange.ofMemberOverwrite("c1", "u1"),
        OverwriteDrift.ALWAYS)).containsExactly(a, b);
  }
}
