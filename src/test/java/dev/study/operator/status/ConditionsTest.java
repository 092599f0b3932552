package dev.study.operator.status;

import dev.study.operator.sync.SystemKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");

  private static List<Condition> allSystems(boolean status, long generation, Instant at) {
    List<Condition> conditions = new ArrayList<>();
    for (SystemKind kind : SystemKind.values()) {
      Conditions.set(conditions, kind.conditionType(), status, "Synced", "ok", generation, at);
    }
    return conditions;
  }

  @Test
  void keepsTransitionTimeWhenStatusUnchanged() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "DiscordSynced", true, "Synced", "granted 2", 1, T0);
    Conditions.set(conditions, "DiscordSynced", true, "Synced", "in sync", 2, T1);

    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-01T09:00:00Z");
      assertThat(c.getMessage()).isEqualTo("in sync");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
  }

  @Test
  void movesTransitionTimeWhenStatusFlips() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "DiscordSynced", true, "Synced", "ok", 1, T0);
    Conditions.set(conditions, "DiscordSynced", false, "ChannelNotFound", "channel 1 is gone", 1, T1);

    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(conditions.get(0).getStatus()).isEqualTo("False");
  }

  @Test
  void readyIsTrueOnlyWhenEverySystemIsTrueForThisGeneration() {
    List<Condition> conditions = allSystems(true, 3, T0);
    Conditions.deriveReady(conditions, 3, T0);
    assertThat(Conditions.find(conditions, "Ready").get().getStatus()).isEqualTo("True");

    Conditions.deriveReady(conditions, 4, T1);
    Condition stale = Conditions.find(conditions, "Ready").get();
    assertThat(stale.getStatus()).isEqualTo("False");
    assertThat(stale.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void readyCarriesTheFirstFailingReasonAndEveryFailingMessage() {
    List<Condition> conditions = allSystems(true, 1, T0);
    Conditions.set(conditions, "CalendarSynced", false, "CalendarNotFound", "calendar x is gone", 1, T1);
    Conditions.set(conditions, "RsvpsSynced", false, "CalendarUnavailable", "no events read", 1, T1);

    Conditions.deriveReady(conditions, 1, T1);

    Condition ready = Conditions.find(conditions, "Ready").get();
    assertThat(ready.getReason()).isEqualTo("CalendarNotFound");
    assertThat(ready.getMessage())
        .isEqualTo("CalendarSynced: calendar x is gone; RsvpsSynced: no events read");
  }

  @Test
  void readySaysACauseSharedByEverySystemOnce() {
    List<Condition> conditions = new ArrayList<>();
    for (SystemKind kind : SystemKind.values()) {
      Conditions.set(conditions, kind.conditionType(), false, "InvalidSpec", "spec.schedule.timeZone: unknown", 1, T0);
    }
    Conditions.deriveReady(conditions, 1, T0);
    assertThat(Conditions.find(conditions, "Ready").get().getMessage()).isEqualTo(
        "DiscordSynced, CalendarSynced, RemindersSynced, RsvpsSynced: spec.schedule.timeZone: unknown");
  }

  @Test
  void readyIsFalseWhileASystemHasNotReported() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "DiscordSynced", true, "Synced", "ok", 1, T0);
    Conditions.deriveReady(conditions, 1, T0);
    assertThat(Conditions.find(conditions, "Ready").get().getReason()).isEqualTo("Pending");
  }

  private static String status(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).get().getStatus();
  }

  @Test
  void aReadyGroupIsNeitherReconcilingNorStalled() {
    List<Condition> conditions = allSystems(true, 1, T0);
    Conditions.deriveReady(conditions, 1, T0);
    Conditions.deriveProgress(conditions, java.util.Set.of(), java.util.Set.of(), 1, T0);
    assertThat(status(conditions, "Reconciling")).isEqualTo("False");
    assertThat(status(conditions, "Stalled")).isEqualTo("False");
  }

  @Test
  void aRetryableFailureIsReconcilingForKstatus() {
    List<Condition> conditions = allSystems(true, 1, T0);
    Conditions.set(conditions, "DiscordSynced", false, "DiscordError", "503", 1, T1);
    Conditions.deriveReady(conditions, 1, T1);
    Conditions.deriveProgress(conditions, java.util.Set.of(), java.util.Set.of(), 1, T1);
    assertThat(status(conditions, "Reconciling")).isEqualTo("True");
    assertThat(Conditions.find(conditions, "Reconciling").get().getReason()).isEqualTo("DiscordError");
    assertThat(status(conditions, "Stalled")).isEqualTo("False");
  }

  @Test
  void aFailureRetryingCannotFixIsStalledForKstatus() {
    List<Condition> conditions = allSystems(true, 1, T0);
    Conditions.set(conditions, "DiscordSynced", false, "DiscordError", "503", 1, T1);
    Conditions.set(conditions, "CalendarSynced", false, "CalendarNotFound", "calendar x is gone", 1, T1);
    Conditions.deriveReady(conditions, 1, T1);
    Conditions.deriveProgress(conditions, java.util.Set.of("CalendarSynced"), java.util.Set.of(), 1, T1);
    assertThat(status(conditions, "Stalled")).isEqualTo("True");
    assertThat(Conditions.find(conditions, "Stalled").get().getReason()).isEqualTo("CalendarNotFound");
    assertThat(status(conditions, "Reconciling")).isEqualTo("False");
  }

  @Test
  void aSuspendedGroupIsNeitherReconcilingNorStalled() {
    List<Condition> conditions = allSystems(true, 1, T0);
    Conditions.set(conditions, "DiscordSynced", false, "Suspended", "suspended; would grant 1", 1, T1);
    Conditions.deriveReady(conditions, 1, T1);
    Conditions.deriveProgress(conditions, java.util.Set.of(), java.util.Set.of("DiscordSynced"), 1, T1);
    assertThat(status(conditions, "Reconciling")).isEqualTo("False");
    assertThat(status(conditions, "Stalled")).isEqualTo("False");
  }
}
