package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroupSpec;

/**
 * Whether a member's overwrite, as it is now on a channel, leaves a group wanting a write for that member. The
 * gateway echoes every overwrite the operator writes itself; an echo shows the overwrite as the group wants it,
 * so it is no reason to reconcile, while a hand edit that takes access away or gives it to a stranger is.
 */
@FunctionalInterface
public interface OverwriteDrift {
  /** Every change counts as drift: the safe answer when nothing can be read. */
  OverwriteDrift ALWAYS = (spec, channelId, userId) -> true;

  boolean drifted(StudyGroupSpec spec, String channelId, String userId);
}
