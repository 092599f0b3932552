package dev.study.operator.schedule;

/** A spec the CRD schema accepted but the operator cannot act on; names the offending field. */
public class InvalidSpecException extends Exception {
  private final String field;

  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
