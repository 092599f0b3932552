package dev.study.operator.testing;

import dev.study.operator.api.CalendarTarget;
import dev.study.operator.api.DiscordTarget;
import dev.study.operator.api.Member;
import dev.study.operator.api.ReminderSpec;
import dev.study.operator.api.Schedule;
import dev.study.operator.api.StudyGroup;
import dev.study.operator.api.StudyGroupSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builders for StudyGroups in tests: a valid weekly group that each test changes only where it matters. */
public final class StudyGroups {
  public static final String GUILD = "100000000000000001";
  public static final String TEXT_CHANNEL = "200000000000000001";
  public static final String CALENDAR = "cohort7-group3@group.calendar.google.com";

  private StudyGroups() {}

  public static Member member(String id) {
    Member m = new Member();
    m.setId(id);
    m.setDisplayName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
    m.setDiscordUserId(String.valueOf(300000000000000000L + Math.abs(id.hashCode() % 1000000)));
    m.setEmail(id + "@example.org");
    return m;
  }

  public static Schedule weekly(String firstMeeting, int count) {
    Schedule s = new Schedule();
    s.setTimeZone("Europe/London");
    s.setFirstMeeting(firstMeeting);
    s.setDuration("90m");
    s.setEvery("1w");
    s.setCount(count);
    return s;
  }

  /** A group using every system: Discord, Calendar and a 1h reminder. */
  public static StudyGroup group(String namespace, String name, String... memberIds) {
    StudyGroupSpec spec = new StudyGroupSpec();
    spec.setDisplayName("Group " + name);
    List<Member> members = new ArrayList<>();
    for (String id : memberIds) {
      members.add(member(id));
    }
    spec.setMembers(members);
    spec.setSchedule(weekly("2027-01-05T18:00", 4));
    DiscordTarget discord = new DiscordTarget();
    discord.setGuildId(GUILD);
    discord.setTextChannelId(TEXT_CHANNEL);
    spec.setDiscord(discord);
    CalendarTarget calendar = new CalendarTarget();
    calendar.setCalendarId(CALENDAR);
    spec.setCalendar(calendar);
    ReminderSpec reminder = new ReminderSpec();
    reminder.setOffset("1h");
    spec.setReminders(new ArrayList<>(List.of(reminder)));
    StudyGroup group = new StudyGroup();
    group.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    group.setSpec(spec);
    return group;
  }
}
