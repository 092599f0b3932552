package dev.study.operator.reconcile;

import dev.study.operator.sync.SyncException;
import dev.study.operator.sync.Reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.reconcile.ChannelLocator.ChannelPlace;
import dev.study.operator.reconcile.DiscordScope.CleanupVerdict;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import dev.study.operator.api.StudyGroupSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscordScopeTest {
  private static final String GUILD = "100000000000000001";
  private static final String TEXT = "200000000000000001";
  private static final String VOICE = "200000000000000002";
  private static final String REMINDERS = "200000000000000003";
  private static final String STUDY = "400000000000000001";
  private static final String STAFF = "400000000000000666";
  private static final Allowlist ANY_CATEGORY = new Allowlist(Set.of(GUILD), Set.of());
  private static final Allowlist STUDY_ONLY = new Allowlist(Set.of(GUILD), Set.of(), Set.of(STUDY));

  private final Map<String, ChannelPlace> places = new HashMap<>();
  private final Map<String, List<StudyGroup>> naming = new HashMap<>();
  private final StudyGroup self = group("self", "uid-self", "2026-12-01T09:00:05Z");
  private final StudyGroup older = group("older", "uid-older", "2026-12-01T09:00:00Z");

  private DiscordScope scope(Allowlist allowlist) {
    ChannelLocator locator = (guild, channel) -> places.getOrDefault(channel, ChannelPlace.inGuild(STUDY));
    return new DiscordScope(allowlist, locator, new ChannelClaims(channel -> naming.getOrDefault(channel, List.of())));
  }

  @Test
  void channelsInTheGuildAndAnAllowedCategoryPass() {
    DiscordScope.Verdict verdict = scope(STUDY_ONLY).check(self, target(TEXT, VOICE, REMINDERS));

    assertThat(verdict.discord()).isNull();
    assertThat(verdict.reminders()).isNull();
  }

  @Test
  void aReminderChannelOfAnotherGuildIsInvalidForDiscordAndReminders() {
    places.put(REMINDERS, ChannelPlace.otherGuild());

    DiscordScope.Verdict verdict = scope(ANY_CATEGORY).check(self, target(TEXT, null, REMINDERS));

    assertThat(verdict.discord().reason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(verdict.discord().message()).startsWith("spec.discord.reminderChannelId: ").contains("another guild");
    assertThat(verdict.discord().retryable()).isFalse();
    assertThat(verdict.reminders()).isEqualTo(verdict.discord());
  }

  @Test
  void aVoiceChannelUnderAnotherCategoryIsInvalidNamingItsCategory() {
    places.put(VOICE, ChannelPlace.inGuild(STAFF));

    DiscordScope.Verdict verdict = scope(STUDY_ONLY).check(self, target(TEXT, VOICE, null));

    assertThat(verdict.discord().message()).startsWith("spec.discord.voiceChannelId: ").contains(STAFF);
  }

  @Test
  void aTopLevelChannelIsOutsideEveryCategoryButFineWithoutACategoryList() {
    places.put(TEXT, ChannelPlace.inGuild(null));

    assertThat(scope(STUDY_ONLY).check(self, target(TEXT, null, null)).discord().message()).contains("no category");
    assertThat(scope(ANY_CATEGORY).check(self, target(TEXT, null, null)).discord()).isNull();
  }

  @Test
  void anUnknownTextChannelIsLeftToTheDiscordSystemButAnUnknownReminderChannelStopsReminders() {
    places.put(TEXT, ChannelPlace.notFound());
    places.put(REMINDERS, ChannelPlace.notFound());

    DiscordScope.Verdict verdict = scope(ANY_CATEGORY).check(self, target(TEXT, null, REMINDERS));

    assertThat(verdict.discord()).isNull();
    assertThat(verdict.reminders().reason()).isEqualTo(DiscordScope.CHANNEL_NOT_FOUND);
  }

  @Test
  void aGatewayThatCannotTellHoldsRemindersBackRetryablyAndLeavesDiscordToFailOnItsOwn() {
    DiscordScope scope = new DiscordScope(ANY_CATEGORY, (guild, channel) -> {
      throw SyncException.retryable("GatewayUnavailable", "not connected", null);
    }, new ChannelClaims(channel -> List.of()));

    DiscordScope.Verdict verdict = scope.check(self, target(TEXT, null, null));

    assertThat(verdict.discord()).isNull();
    assertThat(verdict.reminders().reason()).isEqualTo(DiscordScope.GATEWAY_UNAVAILABLE);
    assertThat(verdict.reminders().retryable()).isTrue();
  }

  @Test
  void aTextChannelAnOlderGroupNamesIsClaimedForDiscordAndReminders() {
    naming.put(TEXT, List.of(older, self));

    DiscordScope.Verdict verdict = scope(ANY_CATEGORY).check(self, target(TEXT, null, null));

    assertThat(verdict.discord().reason()).isEqualTo(DiscordScope.CHANNEL_CLAIMED);
    assertThat(verdict.discord().message()).contains("spec.discord.textChannelId").contains("course/older");
    assertThat(verdict.reminders().reason()).isEqualTo(DiscordScope.CHANNEL_CLAIMED);
  }

  @Test
  void aReminderChannelThatIsAnotherGroupsTextChannelStopsOnlyReminders() {
    naming.put(REMINDERS, List.of(older));

    DiscordScope.Verdict verdict = scope(ANY_CATEGORY).check(self, target(TEXT, null, REMINDERS));

    assertThat(verdict.discord()).isNull();
    assertThat(verdict.reminders().message()).contains("spec.discord.reminderChannelId");
  }

  @Test
  void aSharedReminderChannelNoGroupManagesIsFine() {
    assertThat(scope(ANY_CATEGORY).check(self, target(TEXT, null, REMINDERS)).reminders()).isNull();
  }

  @Test
  void cleanupLeavesGuildsOffTheAllowlistChannelsOutOfScopeAndChannelsOthersHold() throws SyncException {
    places.put(VOICE, ChannelPlace.inGuild(STAFF));
    naming.put(REMINDERS, List.of(older));
    DiscordScope scope = scope(STUDY_ONLY);

    assertThat(scope.checkCleanup(self, GUILD, TEXT)).isEqualTo(CleanupVerdict.CLEAN);
    assertThat(scope.checkCleanup(self, "100000000000000777", TEXT)).isEqualTo(CleanupVerdict.OUT_OF_SCOPE);
    assertThat(scope.checkCleanup(self, GUILD, VOICE)).isEqualTo(CleanupVerdict.OUT_OF_SCOPE);
    assertThat(scope.checkCleanup(self, GUILD, REMINDERS)).isEqualTo(CleanupVerdict.HELD_BY_OTHER);
  }

  @Test
  void cleanupWaitsWhenTheGatewayCannotTell() {
    DiscordScope scope = new DiscordScope(ANY_CATEGORY, (guild, channel) -> {
      throw SyncException.retryable("GatewayUnavailable", "guild unavailable", null);
    }, new ChannelClaims(channel -> List.of()));

    assertThatThrownBy(() -> scope.checkCleanup(self, GUILD, TEXT)).isInstanceOf(SyncException.class);
  }

  private static DiscordTarget target(String text, String voice, String reminders) {
    DiscordTarget t = new DiscordTarget();
    t.setGuildId(GUILD);
    t.setTextChannelId(text);
    t.setVoiceChannelId(voice);
    t.setReminderChannelId(reminders);
    return t;
  }

  private static StudyGroup group(String name, String uid, String created) {
    StudyGroup g = new StudyGroup();
    ObjectMeta meta = new ObjectMetaBuilder().withNamespace("course").withName(name).withUid(uid)
        .withCreationTimestamp(created).build();
    g.setMetadata(meta);
    g.setSpec(new StudyGroupSpec());
    return g;
  }
}
