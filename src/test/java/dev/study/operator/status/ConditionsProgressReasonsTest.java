package dev.study.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.study.operator.sync.Reasons;
import dev.study.operator.sync.SystemKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reasons and messages of Reconciling and Stalled, which kstatus, Flux and Argo CD show to people. */
class ConditionsProgressReasonsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private static List<Condition> allSynced() {
    List<Condition> conditions = new ArrayList<>();
    for (SystemKind kind : SystemKind.values()) {
      Conditions.set(conditions, kind.conditionType(), true, Reasons.SYNCED, "ok", 1, T0);
    }
    return conditions;
  }

  private static Condition get(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).orElseThrow();
  }

  private static void derive(List<Condition> conditions, Set<String> stuck) {
    derive(conditions, stuck, Set.of());
  }

  private static void derive(List<Condition> conditions, Set<String> stuck, Set<String> suspended) {
    Conditions.deriveReady(conditions, 1, T0);
    Conditions.deriveProgress(conditions, stuck, suspended, 1, T0);
  }

  @Test
  void aReadyGroupSaysAllSystemsSyncedOnBothConditions() {
    List<Condition> conditions = allSynced();
    derive(conditions, Set.of());

    for (String type : List.of(Conditions.RECONCILING, Conditions.STALLED)) {
      Condition c = get(conditions, type);
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo(Reasons.READY);
      assertThat(c.getMessage()).isEqualTo("all systems are in sync");
    }
  }

  @Test
  void twoStuckSystemsAreStalledByTheFirstInSyncOrder() {
    List<Condition> conditions = allSynced();
    Conditions.set(conditions, "DiscordSynced", false, "ChannelNotFound", "channel 2 is gone", 1, T0);
    Conditions.set(conditions, "CalendarSynced", false, "CalendarNotFound", "calendar x is gone", 1, T0);
    derive(conditions, Set.of("DiscordSynced", "CalendarSynced"));

    assertThat(get(conditions, Conditions.STALLED).getReason()).isEqualTo("ChannelNotFound");
    assertThat(get(conditions, Conditions.RECONCILING).getReason()).isEqualTo("ChannelNotFound");
    assertThat(get(conditions, Conditions.RECONCILING).getMessage()).isEqualTo("waiting for a spec change or the resync");
  }

  @Test
  void aSystemThatHasNotReportedYetIsNotStalled() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "DiscordSynced", true, Reasons.SYNCED, "ok", 1, T0);
    derive(conditions, Set.of("CalendarSynced"));

    assertThat(get(conditions, Conditions.READY).getReason()).isEqualTo("Pending");
    assertThat(get(conditions, Conditions.STALLED).getStatus()).isEqualTo("False");
  }

  @Test
  void aSystemThatHasNotReportedYetKeepsTheGroupReconciling() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "DiscordSynced", true, Reasons.SYNCED, "ok", 1, T0);
    derive(conditions, Set.of());

    Condition reconciling = get(conditions, Conditions.RECONCILING);
    assertThat(reconciling.getStatus()).isEqualTo("True");
    assertThat(reconciling.getReason()).isEqualTo("Pending");
    assertThat(get(conditions, Conditions.STALLED).getMessage()).isEqualTo("retrying");
  }

  @Test
  void aSuspendedGroupSaysSuspended() {
    List<Condition> conditions = allSynced();
    Conditions.set(conditions, "DiscordSynced", false, Reasons.SUSPENDED, "suspended; would grant 1", 1, T0);
    derive(conditions, Set.of(), Set.of("DiscordSynced"));

    assertThat(get(conditions, Conditions.RECONCILING).getReason()).isEqualTo(Reasons.SUSPENDED);
    assertThat(get(conditions, Conditions.STALLED).getMessage()).isEqualTo("suspended");
  }
}
