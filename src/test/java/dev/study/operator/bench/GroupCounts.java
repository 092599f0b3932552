package dev.study.operator.bench;

import dev.study.operator.api.Member;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.testing.calendar.FakeCalendar;
import dev.study.operator.testing.discord.RecordedRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the requests that belong to one group, from the fakes' request logs: Discord requests on its channels,
 * or about its members (member lookups, opening their DM channel, posting in it), and Calendar HTTP requests on
 * its calendar (a batch counts once for each calendar it touched). Whatever else runs in the same window (other
 * groups' resyncs) is left out.
 */
final class GroupCounts {
  private GroupCounts() {}

  record Discord(int requests, int writes) {}

  static Discord discord(StudyGroup group, List<RecordedRequest> log, Map<String, String> dmChannelByUser) {
    Set<String> channels = new HashSet<>();
    channels.add(group.getSpec().getDiscord().getTextChannelId());
    if (group.getSpec().getDiscord().getVoiceChannelId() != null) {
      channels.add(group.getSpec().getDiscord().getVoiceChannelId());
    }
    Set<String> users = new HashSet<>();
    for (Member m : group.getSpec().getMembers()) {
      if (m.getDiscordUserId() != null) {
        users.add(m.getDiscordUserId());
        String dm = dmChannelByUser.get(m.getDiscordUserId());
        if (dm != null) {
          channels.add(dm);
        }
      }
    }
    int requests = 0;
    int writes = 0;
    for (RecordedRequest r : log) {
      if (belongs(r, channels, users)) {
        requests++;
        if (r.isWrite()) {
          writes++;
        }
      }
    }
    return new Discord(requests, writes);
  }

  private static boolean belongs(RecordedRequest r, Set<String> channels, Set<String> users) {
    String[] segments = r.path().split("/");
    for (int i = 0; i + 1 < segments.length; i++) {
      if (segments[i].equals("channels") && channels.contains(segments[i + 1])) {
        return true;
      }
      if (segments[i].equals("members") && users.contains(segments[i + 1])) {
        return true;
      }
    }
    // POST /users/@me/channels {"recipient_id": ...} opens a member's DM channel
    if (r.route().equals("POST /users/@me/channels") && r.body() != null) {
      for (String u : users) {
        if (r.body().contains(u)) {
          return true;
        }
      }
    }
    return false;
  }

  /** HTTP requests on the calendar: each call outside a batch, plus each batch with a call on it. */
  static int calendarRequests(String calendarId, List<FakeCalendar.Call> calls) {
    int requests = 0;
    Set<Integer> batches = new HashSet<>();
    for (FakeCalendar.Call c : calls) {
      if (!calendarId.equals(c.calendarId())) {
        continue;
      }
      if (c.batch() == 0) {
        requests++;
      } else {
        batches.add(c.batch());
      }
    }
    return requests + batches.size();
  }

  /** Inserts, patches and deletes on the calendar. */
  static int calendarWrites(String calendarId, List<FakeCalendar.Call> calls) {
    return (int) calls.stream().filter(c -> calendarId.equals(c.calendarId()))
        .filter(c -> c.kind().equals(FakeCalendar.INSERT) || c.kind().equals(FakeCalendar.PATCH)
            || c.kind().equals(FakeCalendar.DELETE))
        .count();
  }
}
