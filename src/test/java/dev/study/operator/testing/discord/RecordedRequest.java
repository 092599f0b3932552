package dev.study.operator.testing.discord;

import java.time.Instant;

/**
 * One REST request the fake Discord received: when ({@code nanos} from {@link System#nanoTime()} for exact
 * intervals), the route template (e.g. {@code PUT /channels/{id}/permissions/{target}}), the concrete path and
 * the status it was answered with.
 */
public record RecordedRequest(Instant at, long nanos, String method, String path, String route, int status,
    String body) {

  public boolean isWrite() {
    return !method.equals("GET");
  }
}
