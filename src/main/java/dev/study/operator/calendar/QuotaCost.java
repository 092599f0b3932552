package dev.study.operator.calendar;

/**
 * What each Calendar API call costs against Google's per-user quota, in quota units. Google documents a cost
 * only for patch: "each patch request consumes three quota units; prefer using a get followed by an update"
 * (developers.google.com/calendar/api/v3/reference/events/patch). The reference pages of list, get, insert and
 * delete name no cost, and the usage-limits guide (developers.google.com/calendar/api/guides/quota) counts
 * requests, so they count one each. A batch costs the sum of its calls: Google counts each call inside it.
 */
public final class QuotaCost {
  public static final int LIST = 1;
  public static final int GET = 1;
  public static final int INSERT = 1;
  public static final int DELETE = 1;
  public static final int PATCH = 3;
  /** The dearest single call: a budget must hold at least this much at once, or a patch could never go. */
  public static final int MAX = PATCH;

  private QuotaCost() {}

  public static int of(EventWrite write) {
    if (write instanceof EventWrite.Insert) {
      return INSERT;
    }
    return write instanceof EventWrite.Patch ? PATCH : DELETE;
  }
}
