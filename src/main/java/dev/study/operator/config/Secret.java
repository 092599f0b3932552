package dev.study.operator.config;

/** A secret value whose toString never shows it, so it cannot leak through a log line or an exception message. */
public record Secret(String value) {
  @Override
  public String toString() {
    return "***";
  }
}
