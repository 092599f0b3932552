package dev.study.operator.sync;

/** Condition reasons shared by every system; systems add their own (ChannelNotFound, CalendarForbidden, ...). */
public final class Reasons {
  public static final String SYNCED = "Synced";
  public static final String NOT_CONFIGURED = "NotConfigured";
  public static final String OPERATOR_NOT_CONFIGURED = "OperatorNotConfigured";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String SUSPENDED = "Suspended";
  public static final String UNEXPECTED_ERROR = "UnexpectedError";
  public static final String READY = "AllSystemsSynced";

  private Reasons() {}
}
