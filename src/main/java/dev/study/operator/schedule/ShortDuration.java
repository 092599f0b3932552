package dev.study.operator.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses short durations ("90m", "1h30m", "24h", "2d", "1w", "200ms"); the CRD patterns bound which units a
 * spec field may use, and settings may go down to milliseconds.
 */
public final class ShortDuration {
  private static final Pattern FORM = Pattern.compile("^(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");

  private ShortDuration() {}

  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException("not a duration like 90m, 1h30m, 24h or 1w: " + text);
    }
    return Duration.ofDays(7 * part(m, 1) + part(m, 2))
        .plusHours(part(m, 3))
        .plusMinutes(part(m, 4))
        .plusSeconds(part(m, 5))
        .plusMillis(part(m, 6));
  }

  private static long part(Matcher m, int group) {
    String value = m.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }
}
