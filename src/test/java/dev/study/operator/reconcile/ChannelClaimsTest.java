package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.api.StudyGroup;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelClaimsTest {
  private static final String CHANNEL = "200000000000000001";

  @Test
  void theOldestGroupHoldsTheChannel() {
    StudyGroup older = group("a", "uid-b", "2026-12-01T09:00:00Z", false);
    StudyGroup newer = group("b", "uid-a", "2026-12-01T09:00:05Z", false);
    ChannelClaims claims = new ChannelClaims(channel -> List.of(newer, older));

    assertThat(claims.holder(CHANNEL)).contains(older);
    assertThat(claims.heldByOther(newer, CHANNEL)).contains(older);
    assertThat(claims.heldByOther(older, CHANNEL)).isEmpty();
  }

  @Test
  void theUidBreaksATieOfCreationTimes() {
    StudyGroup first = group("z", "uid-1", "2026-12-01T09:00:00Z", false);
    StudyGroup second = group("a", "uid-2", "2026-12-01T09:00:00Z", false);

    assertThat(new ChannelClaims(channel -> List.of(second, first)).holder(CHANNEL)).contains(first);
  }

  @Test
  void aGroupBeingDeletedHoldsNothingSoTheNextTakesOver() {
    StudyGroup deleting = group("a", "uid-1", "2026-12-01T09:00:00Z", true);
    StudyGroup next = group("b", "uid-2", "2026-12-01T09:00:05Z", false);
    ChannelClaims claims = new ChannelClaims(channel -> List.of(deleting, next));

    assertThat(claims.holder(CHANNEL)).contains(next);
    assertThat(claims.heldByOther(deleting, CHANNEL)).contains(next);
    assertThat(claims.others(deleting, CHANNEL)).containsExactly(next);
  }

  @Test
  void aChannelNoGroupNamesIsHeldByNobody() {
    assertThat(new ChannelClaims(channel -> List.of()).holder(CHANNEL)).isEmpty();
  }

  private static StudyGroup group(String name, String uid, String created, boolean deleting) {
    StudyGroup g = new StudyGroup();
    g.setMetadata(new ObjectMetaBuilder().withNamespace("course").withName(name).withUid(uid)
        .withCreationTimestamp(created).withDeletionTimestamp(deleting ? "2026-12-01T10:00:00Z" : null).build());
    return g;
  }
}
