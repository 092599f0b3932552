package dev.study.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the JVM's threads, split by the thread group they were born in: the bench starts the fakes (and
 * its own Kubernetes client) from a thread of group "fakes" and the operator from one of group "operator", and
 * a thread inherits its creator's group, so every pool the operator's libraries start (JOSDK, JDA, OkHttp,
 * HikariCP, the JDK HTTP client) lands in "operator" and every Vert.x loop of the fakes in "fakes". A thread that
 * ended between two snapshots takes its time with it (ThreadMXBean knows live threads only); GC and JIT threads
 * are not Java threads and count in neither.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  record Snapshot(Map<Long, Long> cpuNanos, Map<Long, String> groupOf, long processCpuNanos, long wallNanos) {}

  record Split(double operatorMs, double fakesMs, double otherMs, double processMs, double wallMs) {}

  private final ThreadGroup operator;
  private final ThreadGroup fakes;

  ThreadCpu(ThreadGroup operator, ThreadGroup fakes) {
    this.operator = operator;
    this.fakes = fakes;
    if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  Snapshot snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> group = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long nanos = THREADS.getThreadCpuTime(t.getId());
      if (nanos < 0) {
        continue;
      }
      cpu.put(t.getId(), nanos);
      group.put(t.getId(), classify(t.getThreadGroup()));
    }
    return new Snapshot(cpu, group, processCpuNanos(), System.nanoTime());
  }

  /** CPU spent between two snapshots, by group, in milliseconds. */
  static Split between(Snapshot before, Snapshot after) {
    double op = 0;
    double fk = 0;
    double other = 0;
    for (Map.Entry<Long, Long> e : after.cpuNanos().entrySet()) {
      long spent = e.getValue() - before.cpuNanos().getOrDefault(e.getKey(), 0L);
      switch (after.groupOf().get(e.getKey())) {
        case "operator" -> op += spent;
        case "fakes" -> fk += spent;
        default -> other += spent;
      }
    }
    return new Split(op / 1e6, fk / 1e6, other / 1e6, (after.processCpuNanos() - before.processCpuNanos()) / 1e6,
        (after.wallNanos() - before.wallNanos()) / 1e6);
  }

  private String classify(ThreadGroup g) {
    for (ThreadGroup x = g; x != null; x = x.getParent()) {
      if (x == operator) {
        return "operator";
      }
      if (x == fakes) {
        return "fakes";
      }
    }
    return "other";
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
