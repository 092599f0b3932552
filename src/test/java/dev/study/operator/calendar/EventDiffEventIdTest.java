package dev.study.operator.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Event ids are stored nowhere but Google: a different encoding would turn every group's future events into
 * strays (deleted, then re-created without their attendees' responses). So the value itself is pinned.
 */
class EventDiffEventIdTest {
  private static final String UID = "0b6c9a2e-5d1f-4c3a-9e7b-1f2d3c4b5a69";

  @Test
  void eventIdIsRfc4648Base32HexOfTheFirstTwentyBytesOfSha256() {
    // python3: base64.b32hexencode(hashlib.sha256(b"<uid>:1").digest()[:20]).decode().lower()
    assertThat(EventDiff.eventId(UID, 1)).isEqualTo("ulqbq6tu73pdoi10nkootfvbiv8bhhik");
    assertThat(EventDiff.eventId(UID, 12)).isEqualTo("4jik18dsoj9plemdu2ekb873nt5hsk2j");
  }
}
