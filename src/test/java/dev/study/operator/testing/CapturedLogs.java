package dev.study.operator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged while open: our SLF4J/Logback loggers at every level, and Google's client, which
 * logs through java.util.logging (its HTTP wire log included), so a test can prove a secret never shows up.
 */
public final class CapturedLogs implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level rootLevel = root.getLevel();
  private final java.util.logging.Logger google = java.util.logging.Logger.getLogger("com.google");
  private final java.util.logging.Level googleLevel = google.getLevel();
  private final List<String> julRecords = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      julRecords.add(record.getLoggerName() + " " + record.getMessage()
          + (record.getThrown() == null ? "" : " " + record.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private CapturedLogs() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.ALL);
    google.setLevel(java.util.logging.Level.ALL);
    google.addHandler(handler);
  }

  public static CapturedLogs everything() {
    return new CapturedLogs();
  }

  public String text() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : appender.list) {
      lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
    }
    lines.addAll(julRecords);
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    google.removeHandler(handler);
    google.setLevel(googleLevel);
  }
}
