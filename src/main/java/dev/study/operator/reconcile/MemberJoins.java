package dev.study.operator.reconcile;

import java.util.function.BiConsumer;

/** A feed of people joining a guild (guild id, user id), so a group waiting to welcome them reconciles at once. */
@FunctionalInterface
public interface MemberJoins {
  void onMemberJoined(BiConsumer<String, String> guildAndUser);
}
