package dev.study.operator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final Map<Logger, Level> turnedUp = new LinkedHashMap<>();

  private CapturedLogs(Level rootTo, Level loggersTo, String... loggers) {
    for (String name : loggers) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      turnedUp.put(logger, logger.getLevel());
      logger.setLevel(loggersTo);
    }
    appender.start();
    root.addAppender(appender);
    if (rootTo != null) {
      root.setLevel(rootTo);
    }
    google.setLevel(java.util.logging.Level.ALL);
    google.addHandler(handler);
  }

  /** Every logger at every level. */
  public static CapturedLogs everything() {
    return new CapturedLogs(Level.ALL, Level.ALL);
  }

  /**
   * These loggers (and their children) at DEBUG, the rest at their configured levels: for capturing a whole test
   * class, where TRACE from every library would be too much.
   */
  public static CapturedLogs debugOf(String... loggers) {
    return new CapturedLogs(null, Level.DEBUG, loggers);
  }

  public String text() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : events()) {
      lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
    }
    lines.addAll(julRecords);
    return String.join("\n", lines);
  }

  /** Like {@link #text()}, with every stack trace in full and every MDC value, where a secret could hide too. */
  public String fullText() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : events()) {
      all.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
      e.getMDCPropertyMap().values().forEach(v -> all.append(v).append('\n'));
    }
    julRecords.forEach(r -> all.append(r).append('\n'));
    return all.toString();
  }

  /**
   * What was logged so far. Logback appends under the appender's own lock (AppenderBase.doAppend is
   * synchronized), so the copy is taken under it too: other threads go on logging while a test reads.
   */
  private List<ILoggingEvent> events() {
    synchronized (appender) {
      return new ArrayList<>(appender.list);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    turnedUp.forEach(Logger::setLevel);
    google.removeHandler(handler);
    google.setLevel(googleLevel);
  }
}
