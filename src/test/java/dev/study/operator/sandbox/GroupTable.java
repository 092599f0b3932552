package dev.study.operator.sandbox;

import dev.study.operator.api.StudyGroup;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The sandbox's live view: one row per group with its generation and each condition, then the message of every
 * condition that is not True. The same groups in the same state render the same text, so the caller prints
 * only when the text changes.
 */
final class GroupTable {
  static final List<String> CONDITIONS = List.of("Ready", "DiscordSynced", "CalendarSynced", "RemindersSynced",
      "RsvpsSynced");
  private static final List<String> HEADERS = List.of("NAMESPACE/NAME", "GEN", "MEMBERS", "MEETINGS", "READY",
      "DISCORD", "CALENDAR", "REMINDERS", "RSVPS");

  private GroupTable() {}

  static String render(List<StudyGroup> groups) {
    List<StudyGroup> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparing((StudyGroup g) -> g.getMetadata().getNamespace())
        .thenComparing(g -> g.getMetadata().getName()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS);
    List<String> notes = new ArrayList<>();
    for (StudyGroup g : sorted) {
      List<String> row = new ArrayList<>();
      String name = g.getMetadata().getNamespace() + "/" + g.getMetadata().getName();
      row.add(name + (g.getMetadata().getDeletionTimestamp() != null ? " (deleting)" : ""));
      Long observed = g.getStatus() == null ? null : g.getStatus().getObservedGeneration();
      row.add((observed == null ? "-" : observed) + "/" + g.getMetadata().getGeneration());
      row.add(g.getStatus() == null || g.getStatus().getMemberCount() == null ? "-"
          : g.getStatus().getMemberCount().toString());
      row.add(g.getStatus() == null || g.getStatus().getMeetingCount() == null ? "-"
          : g.getStatus().getMeetingCount().toString());
      for (String type : CONDITIONS) {
        Condition c = condition(g, type);
        row.add(cell(c, g.getMetadata().getGeneration()));
        if (c != null && !"True".equals(c.getStatus()) && !"Ready".equals(type) && c.getMessage() != null) {
          notes.add("  " + g.getMetadata().getName() + " " + type + " " + c.getReason() + ": " + c.getMessage());
        }
      }
      rows.add(row);
    }
    if (sorted.isEmpty()) {
      return "no StudyGroups yet\n";
    }
    StringBuilder out = new StringBuilder();
    int[] widths = new int[HEADERS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    notes.forEach(n -> out.append(n).append('\n'));
    return out.toString();
  }

  /** {@code True}, or {@code False:Reason}; {@code ~} marks a condition of an older generation, {@code -} none yet. */
  static String cell(Condition c, Long generation) {
    if (c == null) {
      return "-";
    }
    String text = "True".equals(c.getStatus()) && !"NotConfigured".equals(c.getReason())
        ? "True" : c.getStatus() + ":" + c.getReason();
    return Objects.equals(c.getObservedGeneration(), generation) ? text : "~" + text;
  }

  static Condition condition(StudyGroup g, String type) {
    if (g.getStatus() == null) {
      return null;
    }
    return g.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Ready True for the current generation. */
  static boolean ready(StudyGroup g) {
    Condition c = condition(g, "Ready");
    return c != null && "True".equals(c.getStatus())
        && Objects.equals(c.getObservedGeneration(), g.getMetadata().getGeneration());
  }
}
