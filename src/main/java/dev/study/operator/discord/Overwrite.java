package dev.study.operator.discord;

import java.util.Optional;

/** One member's permission overwrite on a channel, as Discord stores it: the allowed and the denied bits. */
public record Overwrite(long allow, long deny) {

  /** True when every bit in {@code required} is allowed and none of them is denied. */
  public boolean grants(long required) {
    return (allow & required) == required && (deny & required) == 0;
  }

  /** This overwrite widened to allow {@code required}, keeping every other bit it had. */
  public Overwrite widenedTo(long required) {
    return new Overwrite(allow | required, deny & ~required);
  }

  /** True when it allows any of the {@code managed} bits: only then is there anything of ours to take back. */
  public boolean allowsAnyOf(long managed) {
    return (allow & managed) != 0;
  }

  /**
   * What is left once the {@code managed} allow bits are taken away, keeping every other allow bit and every
   * deny bit a person set; empty when nothing is left, so the overwrite can go.
   */
  public Optional<Overwrite> without(long managed) {
    Overwrite rest = new Overwrite(allow & ~managed, deny);
    return rest.allow == 0 && rest.deny == 0 ? Optional.empty() : Optional.of(rest);
  }
}
