package dev.study.operator.config;

/** A setting is missing or malformed; the message names the setting and never carries its value if secret. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
