package dev.study.operator.testing.calendar;

import dev.study.operator.calendar.CalendarSettings;
import dev.study.operator.calendar.GoogleCalendarApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link FakeCalendar} for each test, with a calendar, a service-account key the fake trusts, and Google's real
 * client pointed at it through {@link GoogleCalendarApi}, on {@link ManualTime} so no test really sleeps.
 * Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final FakeCalendarExtension calendar = FakeCalendarExtension.withCalendar(CAL).at(NOW).impersonating(ORGANIZER);
 * }</pre>
 */
public final class FakeCalendarExtension implements BeforeEachCallback, AfterEachCallback {
  private final String calendarId;
  private Instant now = Instant.parse("2026-12-09T12:00:00Z");
  private boolean fixedClock;
  private String impersonateUser;
  private int retries = 4;
  private Duration retryBase = Duration.ofSeconds(1);
  private Duration retryCap = Duration.ofSeconds(8);
  private volatile double jitter = 0.5;
  private Path dir;
  private ManualTime time;
  private FakeCalendar fake;
  private ServiceAccountKey key;

  private FakeCalendarExtension(String calendarId) {
    this.calendarId = calendarId;
  }

  /** A fake holding this calendar. */
  public static FakeCalendarExtension withCalendar(String calendarId) {
    return new FakeCalendarExtension(calendarId);
  }

  /** The fake's time: it starts here and moves with {@link #time()} (its sleeps and advances). */
  public FakeCalendarExtension at(Instant start) {
    this.now = start;
    return this;
  }

  /** The fake's clock stays at the start, whatever the client sleeps. */
  public FakeCalendarExtension clockFixed() {
    this.fixedClock = true;
    return this;
  }

  /** Domain-wide delegation: the client acts as this user; without it Google refuses every event with attendees. */
  public FakeCalendarExtension impersonating(String user) {
    this.impersonateUser = user;
    return this;
  }

  /** The client's own retries inside a sync (4, from 1 s, at most 8 s unless set). */
  public FakeCalendarExtension retries(int attempts, Duration base, Duration cap) {
    this.retries = attempts;
    this.retryBase = base;
    this.retryCap = cap;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("fake-calendar-keys");
    time = new ManualTime();
    // the fake's clock moves with the injected sleeper, so its quota window sees the operator's pacing
    fake = FakeCalendar.start(fixedClock ? Clock.fixed(now, ZoneOffset.UTC) : time.clock(now)).addCalendar(calendarId);
    key = ServiceAccountKey.write(dir, fake.tokenUri());
    fake.trust(key);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (fake != null) {
      fake.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public FakeCalendar fake() {
    return fake;
  }

  /** The key the fake trusts. */
  public ServiceAccountKey key() {
    return key;
  }

  /** The client's sleeper and nano clock; the fake's clock too unless {@link #clockFixed()}. */
  public ManualTime time() {
    return time;
  }

  /** The random number the client's backoff jitter draws from now on (0.5 unless set). */
  public void jitter(double value) {
    this.jitter = value;
  }

  /** A fresh key the fake does not trust, e.g. a service account of another project. */
  public ServiceAccountKey untrustedKey() {
    try {
      return ServiceAccountKey.write(dir, fake.tokenUri());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trusted key, the fake's root URL, the impersonated user and the retries. */
  public CalendarSettings settings() {
    return CalendarSettings.of(key.file()).withRootUrl(fake.rootUrl()).withImpersonateUser(impersonateUser)
        .withRetries(retries, retryBase, retryCap);
  }

  /** Google's real client with these settings, on the manual time and jitter. */
  public GoogleCalendarApi adapter(CalendarSettings settings) {
    return new GoogleCalendarApi(settings, () -> jitter, time, time::nanoTime);
  }

  /** {@link #adapter(CalendarSettings)} with {@link #settings()}. */
  public GoogleCalendarApi adapter() {
    return adapter(settings());
  }
}
