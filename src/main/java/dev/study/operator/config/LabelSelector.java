package dev.study.operator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector as the API server reads it from {@code ?labelSelector=}, checked when the operator
 * starts. Without the check a typo reaches the API server as the informer's first list, which answers 400, and
 * JOSDK then waits out its cache-sync timeout before failing with a message that does not name the setting.
 *
 * <p>Requirements are comma-separated: {@code key}, {@code !key}, {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key in (a,b)} and {@code key notin (a,b)}. A key is an optional DNS-subdomain prefix
 * and a slash, then a name of at most 63 characters; a value is empty or such a name.
 */
public record LabelSelector(String text) {
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/";
  private static final String KEY = "(" + PREFIX + ")?" + NAME;
  private static final String VALUE = "(" + NAME + ")?";
  private static final Pattern EXISTS = Pattern.compile("!?\\s*" + KEY);
  private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(=|==|!=)\\s*" + VALUE);
  private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(\\s*" + VALUE
      + "(\\s*,\\s*" + VALUE + ")*\\s*\\)");

  /** Parses the setting's value; the error names the setting and the requirement at fault. */
  static LabelSelector parse(String setting, String text) {
    List<String> requirements = split(setting, text);
    for (String r : requirements) {
      if (!(EXISTS.matcher(r).matches() || EQUALITY.matcher(r).matches() || SET.matcher(r).matches())) {
        throw new ConfigException(setting + " has a requirement that is not a Kubernetes label selector: \"" + r
            + "\" (expected e.g. key, !key, key=value, key!=value, key in (a,b) or key notin (a,b))");
      }
    }
    return new LabelSelector(String.join(",", requirements));
  }

  /** Splits at the commas outside parentheses, which separate requirements. */
  private static List<String> split(String setting, String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (depth < 0 || depth > 1) {
        throw new ConfigException(setting + " has unbalanced parentheses: \"" + text + "\"");
      }
      if (c == ',' && depth == 0) {
        out.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (depth != 0) {
      throw new ConfigException(setting + " has unbalanced parentheses: \"" + text + "\"");
    }
    out.add(current.toString().trim());
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
