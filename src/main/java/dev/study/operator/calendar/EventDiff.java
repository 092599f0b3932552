package dev.study.operator.calendar;

import dev.study.operator.calendar.model.ObservedEvent;
import dev.study.operator.calendar.model.Attendee;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.schedule.Meeting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure heart of the Calendar system: what events a group should have, and the exact writes that get the
 * observed events there. No I/O, so it is tested exhaustively without a server.
 *
 * <p>Rules: one event per meeting, with an id derived from the group's uid and the meeting number, so a create
 * retried after a crash collides (409) instead of duplicating. Meetings that have ended are left alone. A
 * cancelled event of a current meeting is restored by a patch, never re-inserted (its id stays taken). Events
 * of meetings that are gone are deleted unless they are over.
 */
public final class EventDiff {
  /** The private extended property that marks an event as the group's. */
  public static final String OWNER_PROPERTY = "studygroup-uid";

  private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  /** 20 bytes of SHA-256 give 32 base32hex characters: 160 bits, far from any collision. */
  private static final int ID_BYTES = 20;

  private EventDiff() {}

  /** The event id of a meeting: lowercase base32hex of SHA-256(uid ":" number), as the Calendar API allows. */
  public static String eventId(String uid, int meetingNumber) {
    byte[] digest = sha256(uid + ":" + meetingNumber);
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < ID_BYTES; i++) {
      buffer = (buffer << 8) | (digest[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32HEX[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return out.toString();
  }

  public static String summary(String displayName, int meetingNumber) {
    return displayName + " · Meeting " + meetingNumber;
  }

  public static String description(String displayName, int meetingNumber, DiscordTarget discord) {
    String text = "Study group " + displayName + ", meeting " + meetingNumber + ".";
    if (discord != null) {
      text += "\nDiscord channel: https://discord.com/channels/" + discord.getGuildId() + "/"
          + discord.getTextChannelId();
    }
    return text;
  }

  /** One desired event per meeting of the group's expanded schedule. */
  public static List<DesiredEvent> desired(GroupContext group) {
    List<String> emails = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<Member> members = group.spec().getMembers() == null ? List.of() : group.spec().getMembers();
    for (Member m : members) {
      if (m.getEmail() != null && !m.getEmail().isBlank() && seen.add(lower(m.getEmail()))) {
        emails.add(m.getEmail());
      }
    }
    String zone = group.spec().getSchedule().getTimeZone();
    List<DesiredEvent> events = new ArrayList<>();
    for (Meeting meeting : group.meetings()) {
      events.add(new DesiredEvent(meeting.number(), eventId(group.uid(), meeting.number()),
          summary(group.displayName(), meeting.number()),
          description(group.displayName(), meeting.number(), group.spec().getDiscord()),
          meeting.start(), meeting.end(), zone, emails));
    }
    return events;
  }

  /** The exact difference between the desired events and the group's observed ones (deleted included). */
  public static CalendarPlan plan(String uid, List<DesiredEvent> desired, List<ObservedEvent> observed, Instant now) {
    Map<String, ObservedEvent> byId = new HashMap<>();
    for (ObservedEvent e : observed) {
      byId.put(e.id(), e);
    }
    List<DesiredEvent> creates = new ArrayList<>();
    List<EventPatch> patches = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    Map<Integer, String> eventIds = new TreeMap<>();
    Set<String> wanted = new LinkedHashSet<>();
    int unchanged = 0;

    for (DesiredEvent want : desired) {
      wanted.add(want.id());
      eventIds.put(want.meeting(), want.id());
      ObservedEvent seen = byId.get(want.id());
      if (!want.end().isAfter(now)) {
        unchanged++; // the meeting is over: history is not rewritten
        continue;
      }
      if (seen == null) {
        creates.add(want);
        continue;
      }
      Optional<EventPatch> patch = patchFor(uid, want, seen);
      if (patch.isPresent()) {
        patches.add(patch.get());
      } else {
        unchanged++;
      }
    }
    for (ObservedEvent e : observed) {
      if (wanted.contains(e.id()) || e.cancelled()) {
        continue;
      }
      if (e.end() != null && !e.end().isAfter(now)) {
        unchanged++; // an event of a dropped meeting that is already over stays as a record
      } else {
        deletes.add(e.id());
      }
    }
    return new CalendarPlan(creates, patches, deletes, unchanged, desired.size(), eventIds, observed);
  }

  /**
   * The patch that brings one observed event to its desired state, or empty when it is already right. Also used
   * when a create hits 409 and the existing event is adopted.
   */
  public static Optional<EventPatch> patchFor(String uid, DesiredEvent want, ObservedEvent seen) {
    Set<EventPatch.Change> changes = EnumSet.noneOf(EventPatch.Change.class);
    if (seen.status() != ObservedEvent.Status.CONFIRMED) {
      changes.add(EventPatch.Change.RESTORE);
    }
    if (!Objects.equals(want.start(), seen.start()) || !Objects.equals(want.end(), seen.end())
        || !Objects.equals(want.timeZone(), seen.timeZone())) {
      changes.add(EventPatch.Change.TIME);
    }
    if (!Objects.equals(want.summary(), seen.summary())) {
      changes.add(EventPatch.Change.SUMMARY);
    }
    if (!Objects.equals(want.description(), seen.description())) {
      changes.add(EventPatch.Change.DESCRIPTION);
    }
    Set<String> wantedEmails = new LinkedHashSet<>();
    want.attendees().forEach(email -> wantedEmails.add(lower(email)));
    // the organizer, the calendar itself or a room on the list is someone else's business: kept and not compared
    List<Attendee> keptAsIs = new ArrayList<>();
    Map<String, Attendee> members = new HashMap<>();
    for (Attendee a : seen.people()) {
      if (a.managedElsewhere() && !wantedEmails.contains(lower(a.email()))) {
        keptAsIs.add(a);
      } else {
        members.putIfAbsent(lower(a.email()), a);
      }
    }
    if (!wantedEmails.equals(members.keySet())) {
      changes.add(EventPatch.Change.ATTENDEES);
    }
    if (!uid.equals(seen.ownerUid())) {
      changes.add(EventPatch.Change.OWNERSHIP);
    }
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    // a patch replaces the attendee array whole: write back what Google holds for those who stay
    List<Attendee> attendees = new ArrayList<>();
    for (String email : want.attendees()) {
      Attendee held = members.get(lower(email));
      attendees.add(held == null ? new Attendee(email, Attendee.NEEDS_ACTION)
          : held.withEmail(email).withResponseIfMissing());
    }
    attendees.addAll(keptAsIs);
    return Optional.of(new EventPatch(want, attendees, changes, seen.etag()));
  }

  /** The attendees of a new event: every member, no response yet. */
  public static List<Attendee> newAttendees(DesiredEvent want) {
    return want.attendees().stream().map(e -> new Attendee(e, Attendee.NEEDS_ACTION)).toList();
  }

  private static String lower(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
