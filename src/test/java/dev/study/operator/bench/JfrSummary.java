package dev.study.operator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording and prints where the threads were: CPU samples ({@code jdk.ExecutionSample}) by
 * thread pool and by hottest frame, and waiting time ({@code jdk.ThreadPark}, {@code jdk.JavaMonitorWait},
 * {@code jdk.JavaMonitorEnter}, {@code jdk.SocketRead}) by thread pool and by the frame that waited. The same
 * as {@code jfr print --events ...} piped through a sort, without the sort.
 *
 * <pre>java -cp target/test-classes dev.study.operator.bench.JfrSummary recording.jfr [fromIso toIso]</pre>
 */
public final class JfrSummary {
  private static final List<String> WAITS = List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter",
      "jdk.SocketRead");

  private final Map<String, Long> samplesByPool = new HashMap<>();
  private final Map<String, Long> samplesByFrame = new HashMap<>();
  private final Map<String, Long> samplesByOwnFrame = new HashMap<>();
  private final Map<String, Long> waitNanosByPool = new HashMap<>();
  private final Map<String, Long> waitNanosBySite = new HashMap<>();
  private long samples;

  public static void main(String[] args) throws IOException {
    Instant from = args.length > 2 ? Instant.parse(args[1]) : Instant.MIN;
    Instant to = args.length > 2 ? Instant.parse(args[2]) : Instant.MAX;
    read(Path.of(args[0]), from, to).print(System.out, 15);
  }

  static JfrSummary read(Path file, Instant from, Instant to) throws IOException {
    JfrSummary s = new JfrSummary();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
          continue;
        }
        s.add(e);
      }
    }
    return s;
  }

  private void add(RecordedEvent e) {
    String type = e.getEventType().getName();
    RecordedThread thread = type.equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : e.getThread();
    String pool = pool(thread);
    if (type.equals("jdk.ExecutionSample")) {
      samples++;
      samplesByPool.merge(pool, 1L, Long::sum);
      samplesByFrame.merge(frame(e.getStackTrace(), false), 1L, Long::sum);
      samplesByOwnFrame.merge(frame(e.getStackTrace(), true), 1L, Long::sum);
    } else if (WAITS.contains(type)) {
      long nanos = e.getDuration().toNanos();
      waitNanosByPool.merge(type + " " + pool, nanos, Long::sum);
      waitNanosBySite.merge(type + " " + pool + " at " + frame(e.getStackTrace(), true), nanos, Long::sum);
    }
  }

  /** A thread's pool: its name with the numbers taken out, so the 50 reconciler threads count as one. */
  static String pool(RecordedThread thread) {
    if (thread == null) {
      return "?";
    }
    String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    return name == null ? "?" : name.replaceAll("\\d+", "N");
  }

  /**
   * The top frame, or with {@code ownOrLibrary} the first frame outside the JDK (where the wait or the work was
   * asked for), plus the first frame of the operator's own code below it when there is one.
   */
  private static String frame(RecordedStackTrace stack, boolean ownOrLibrary) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    String first = null;
    String own = null;
    int ownFrames = 0;
    for (RecordedFrame f : stack.getFrames()) {
      String type = f.getMethod().getType().getName();
      String name = type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
      if (first == null && (!ownOrLibrary || !(type.startsWith("java.") || type.startsWith("jdk.")
          || type.startsWith("sun.")))) {
        first = name;
      }
      // two frames of the operator's own code say which call waited (complete() <- sendDirectMessage)
      if (type.startsWith("dev.study.operator") && !type.startsWith("dev.study.operator.bench")
          && !name.startsWith("ReconnectingDiscordAccess.")) {
        own = own == null ? name : own + " <- " + name;
        if (++ownFrames == 2) {
          break;
        }
      }
    }
    if (first == null) {
      first = stack.getFrames().get(0).getMethod().getType().getName() + "." + stack.getFrames().get(0).getMethod().getName();
    }
    return own == null || own.equals(first) ? first : first + " <- " + own;
  }

  void print(PrintStream out, int top) {
    out.printf("CPU samples: %d%n", samples);
    printTop(out, "samples by thread pool", samplesByPool, top, false);
    printTop(out, "samples by top frame", samplesByFrame, top, false);
    printTop(out, "samples by first non-JDK frame", samplesByOwnFrame, top, false);
    printTop(out, "waiting by thread pool (s, summed over threads)", waitNanosByPool, top, true);
    printTop(out, "waiting by site (s, summed over threads)", waitNanosBySite, top, true);
  }

  private static void printTop(PrintStream out, String title, Map<String, Long> counts, int top, boolean nanos) {
    out.println("-- " + title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(e -> out.println(nanos
            ? String.format("%10.1f  %s", Duration.ofNanos(e.getValue()).toMillis() / 1000.0, e.getKey())
            : String.format("%10d  %s", e.getValue(), e.getKey())));
  }
}
