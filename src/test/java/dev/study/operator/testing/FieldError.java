package dev.study.operator.testing;

/**
 * One reason a resource is invalid, in the shape of a Kubernetes {@code StatusCause}: the field path
 * ({@code spec.members[1].email}), the cause type ({@code FieldValueInvalid}, ...) and the message the API
 * server would print after the path.
 */
public record FieldError(String field, String type, String message) {

  /** Cause type for an unknown field. The real API server rejects those with 400 (strict decoding), not 422. */
  public static final String UNKNOWN_FIELD = "FieldValueUnknown";

  public static FieldError invalid(String field, String renderedValue, String detail) {
    return new FieldError(field, "FieldValueInvalid", "Invalid value: " + renderedValue + ": " + detail);
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(field, "FieldValueRequired", detail == null ? "Required value" : "Required value: " + detail);
  }

  public static FieldError unknown(String field) {
    return new FieldError(field, UNKNOWN_FIELD, "unknown field \"" + field + "\"");
  }

  public boolean isUnknownField() {
    return UNKNOWN_FIELD.equals(type);
  }

  /** True when this error names {@code path} or a field below it. */
  public boolean names(String path) {
    return field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[");
  }

  @Override
  public String toString() {
    if (isUnknownField()) {
      return message;
    }
    return field.isEmpty() ? message : field + ": " + message;
  }
}
