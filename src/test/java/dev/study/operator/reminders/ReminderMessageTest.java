package dev.study.operator.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The exact text a reminder posts, with and without mentions. */
class ReminderMessageTest {
  private static final Instant START = Instant.parse("2027-01-05T18:00:00Z");

  private static Reminder reminder(String groupName, String mentions) {
    return new Reminder("uid-1", 2, "1h", "ns", "algorithms", groupName, "100000000000000001", "200000000000000001",
        START, START.minusSeconds(3600), mentions, ReminderState.pending);
  }

  @Test
  void aReminderWithoutMentionsIsOneLine() {
    assertThat(ReminderMessage.content(reminder("Algorithms", "")))
        .isEqualTo("Reminder: **Algorithms** meeting 2 starts <t:1799172000:F> (<t:1799172000:R>).");
  }

  @Test
  void aReminderWithMentionsNamesEachMemberOnASecondLine() {
    assertThat(ReminderMessage.content(reminder("Algorithms", "300000000000000001,300000000000000002")))
        .isEqualTo("Reminder: **Algorithms** meeting 2 starts <t:1799172000:F> (<t:1799172000:R>)."
            + "\n<@300000000000000001> <@300000000000000002>");
  }
}
