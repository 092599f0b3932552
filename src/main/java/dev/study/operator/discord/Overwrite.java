package dev.study.operator.discord;

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
}
