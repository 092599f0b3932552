package dev.study.operator.reconcile;

import java.util.List;

/**
 * Masks the operator's secrets (bot token, credentials, database password) in any text bound for status,
 * events or logs. Vendor error messages are not ours, so every one passes through here.
 */
public final class Redactor {
  private static final int SHORTEST_SECRET = 6;
  private final List<String> secrets;

  public Redactor(List<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= SHORTEST_SECRET).toList();
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return out;
  }
}
