package dev.study.operator.testing;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.sync.GroupContext;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.schedule.ScheduleExpander;
import java.time.Instant;

/** GroupContexts for calling one system directly, as the reconciler would. */
public final class GroupContexts {
  private GroupContexts() {}

  public static GroupContext of(StudyGroup group, String uid, Instant now) {
    try {
      return new GroupContext(uid, group.getMetadata().getNamespace(), group.getMetadata().getName(), 1,
          group.getSpec(), ScheduleExpander.expand(group.getSpec().getSchedule()), now, null);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
