package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WatchLog.Event event(long version, String type, String name) {
    JsonNode object = JSON.createObjectNode().set("metadata", JSON.createObjectNode().put("name", name));
    return new WatchLog.Event(version, type, object);
  }

  private static List<String> drain(WatchLog.Subscription s) {
    List<WatchLog.Event> events = new ArrayList<>();
    s.queue.drainTo(events);
    return events.stream().map(e -> e.type() + " " + e.object().path("metadata").path("name").asText()).toList();
  }

  @Test
  void replaysTheChangesAfterTheVersionAskedForThenFollows() {
    WatchLog log = new WatchLog();
    log.record(event(5, "ADDED", "a"));
    log.record(event(7, "MODIFIED", "a"));
    log.record(event(9, "ADDED", "b"));

    WatchLog.Subscription s = log.subscribe(7, o -> true);
    log.record(event(10, "DELETED", "a"));

    assertThat(drain(s)).containsExactly("ADDED b", "DELETED a");
    assertThat(log.latest()).isEqualTo(10);
  }

  @Test
  void sendsOnlyWhatTheWatchSelects() {
    WatchLog log = new WatchLog();
    WatchLog.Subscription s = log.subscribe(0, o -> o.path("metadata").path("name").asText().equals("b"));
    log.record(event(1, "ADDED", "a"));
    log.record(event(2, "ADDED", "b"));
    assertThat(drain(s)).containsExactly("ADDED b");

    log.unsubscribe(s);
    log.record(event(3, "MODIFIED", "b"));
    assertThat(drain(s)).isEmpty();
  }

  @Test
  void refusesAVersionOlderThanWhatItStillHolds() {
    WatchLog log = new WatchLog();
    for (int v = 1; v <= WatchLog.CAPACITY + 10; v++) {
      log.record(event(v, "MODIFIED", "a"));
    }
    assertThat(log.subscribe(3, o -> true)).as("410 Expired").isNull();
    assertThat(log.subscribe(WatchLog.CAPACITY + 5, o -> true)).isNotNull();
  }
}
