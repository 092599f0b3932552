package dev.study.operator.testing.discord;

import java.util.LinkedHashSet;
import java.util.Set;

/** A guild in the fake: the bot's role and its permissions, the owner (never the bot), the members. */
final class Guild {
  final String id;
  final String name;
  final String botRoleId;
  final long botRolePermissions;
  final String ownerId;
  final Set<String> members = new LinkedHashSet<>();
  boolean unavailable;

  Guild(String id, String name, String botRoleId, long botRolePermissions, String ownerId) {
    this.id = id;
    this.ownerId = ownerId;
    this.name = name;
    this.botRoleId = botRoleId;
    this.botRolePermissions = botRolePermissions;
  }
}
