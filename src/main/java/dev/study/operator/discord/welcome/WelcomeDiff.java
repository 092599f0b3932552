package dev.study.operator.discord.welcome;

import dev.study.operator.api.Member;
import dev.study.operator.api.WelcomeSpec.InitialMembers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pure welcome rules: who gets a welcome DM, who is recorded as skipped, and whose ledger rows go.
 *
 * <ul>
 *   <li>A member with a discordUserId and no ledger row is sent a welcome. So is one whose row names another
 *       Discord user: the person told is not the person now named.</li>
 *   <li>On the group's first reconcile (ledger not initialized) with {@code initialMembers: Skip}, those members
 *       are recorded as skipped instead, without a DM.</li>
 *   <li>Rows of people who are no longer members are deleted, so a member who leaves and rejoins is welcomed
 *       again.</li>
 *   <li>{@code initialize}: the first reconcile marks the ledger as set up.</li>
 * </ul>
 */
public final class WelcomeDiff {
  private WelcomeDiff() {}

  public static WelcomePlan plan(List<Member> members, InitialMembers initialMembers, ObservedWelcomes observed) {
    List<Member> current = members == null ? List.of() : members;
    Map<String, WelcomeEntry> byMember = new HashMap<>();
    observed.entries().forEach(e -> byMember.put(e.memberId(), e));
    Set<String> memberIds = new HashSet<>();
    current.forEach(m -> memberIds.add(m.getId()));
    boolean skipInitial = !observed.initialized() && initialMembers == InitialMembers.Skip;

    List<WelcomeRecipient> send = new ArrayList<>();
    List<WelcomeRecipient> skip = new ArrayList<>();
    for (Member m : current) {
      String userId = m.getDiscordUserId();
      if (userId == null || userId.isBlank()) {
        continue;
      }
      WelcomeEntry entry = byMember.get(m.getId());
      if (entry != null && Objects.equals(entry.discordUserId(), userId)) {
        continue;
      }
      (skipInitial ? skip : send).add(new WelcomeRecipient(m.getId(), userId));
    }
    List<String> forget = observed.entries().stream().map(WelcomeEntry::memberId)
        .filter(id -> !memberIds.contains(id)).sorted().toList();
    return new WelcomePlan(send, skip, forget, !observed.initialized());
  }
}
