package dev.study.operator.rsvp;

import dev.study.operator.api.Member;
import dev.study.operator.calendar.EventDiff;
import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.schedule.Meeting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure heart of the RSVP system: which responses a group should have recorded, and the exact row writes
 * that get the observed rows there.
 *
 * <p>Rules: a meeting of the schedule whose event Calendar observed (and not cancelled) gets one row per member
 * with an email, holding that attendee's responseStatus; a member missing from the attendees counts as
 * needsAction. A scheduled meeting whose event is not observed (not yet created, or cancelled) keeps its rows
 * as they are. Rows of people who are no longer members with an email, and rows of meetings no longer in the
 * schedule, are deleted. Only rows whose response changed or that are missing are written.
 */
public final class RsvpDiff {
  private RsvpDiff() {}

  /** The rows the group should have for the meetings whose event was observed, sorted by meeting and member. */
  public static List<Rsvp> desired(String uid, List<Meeting> meetings, List<Member> members,
      List<ObservedEvent> events) {
    Map<String, ObservedEvent> live = new HashMap<>();
    for (ObservedEvent e : events) {
      if (!e.cancelled()) {
        live.put(e.id(), e);
      }
    }
    List<Member> invited = invited(members);
    List<Rsvp> rows = new ArrayList<>();
    for (Meeting meeting : meetings) {
      ObservedEvent event = live.get(EventDiff.eventId(uid, meeting.number()));
      if (event == null) {
        continue;
      }
      Map<String, String> responses = new HashMap<>();
      event.attendees().forEach((email, response) -> responses.putIfAbsent(lower(email), response));
      for (Member m : invited) {
        rows.add(new Rsvp(meeting.number(), m.getId(), RsvpResponse.of(responses.get(lower(m.getEmail())))));
      }
    }
    rows.sort((a, b) -> a.key().compareTo(b.key()));
    return rows;
  }

  /** The writes that bring the observed rows to the desired ones. */
  public static RsvpPlan plan(String uid, List<Meeting> meetings, List<Member> members, List<ObservedEvent> events,
      List<Rsvp> observed) {
    Set<Integer> scheduled = new HashSet<>();
    meetings.forEach(m -> scheduled.add(m.number()));
    Set<String> memberIds = new HashSet<>();
    invited(members).forEach(m -> memberIds.add(m.getId()));

    Map<RsvpKey, Rsvp> after = new TreeMap<>();
    List<RsvpKey> deletes = new ArrayList<>();
    for (Rsvp row : observed) {
      if (scheduled.contains(row.meetingNumber()) && memberIds.contains(row.memberId())) {
        after.put(row.key(), row);
      } else {
        deletes.add(row.key());
      }
    }
    List<Rsvp> upserts = new ArrayList<>();
    for (Rsvp want : desired(uid, meetings, members, events)) {
      Rsvp seen = after.get(want.key());
      if (seen == null || seen.response() != want.response()) {
        upserts.add(want);
        after.put(want.key(), want);
      }
    }
    deletes.sort(RsvpKey::compareTo);
    return new RsvpPlan(upserts, deletes, new ArrayList<>(after.values()));
  }

  /** Members who are invited to the events: those with an email. */
  private static List<Member> invited(List<Member> members) {
    if (members == null) {
      return List.of();
    }
    return members.stream().filter(m -> m.getId() != null && m.getEmail() != null && !m.getEmail().isBlank()).toList();
  }

  private static String lower(String email) {
    return email == null ? null : email.toLowerCase(Locale.ROOT);
  }
}
