package dev.study.operator.sync;

/** The exact difference between desired and observed state of one system. */
public interface Plan {
  /** True when applying it would write nothing. */
  boolean isEmpty();

  /** A short human summary such as "grant 2, revoke 1", shown in status when suspended. */
  String summary();
}
