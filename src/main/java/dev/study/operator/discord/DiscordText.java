package dev.study.operator.discord;

import net.dv8tion.jda.api.utils.MarkdownSanitizer;

/**
 * Makes text from a spec (a group's displayName, a member's name) show literally in a Discord message: markdown
 * is escaped with JDA's {@link MarkdownSanitizer}, and so are the characters that start a mention
 * ({@code @everyone}, {@code <@&role>}) or a masked link ({@code [text](url)}), which the sanitizer leaves
 * alone. The message's allowed mentions stop the pings; this stops the text from looking like one.
 */
public final class DiscordText {
  private DiscordText() {}

  public static String escape(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String markdown = MarkdownSanitizer.escape(text, true);
    StringBuilder out = new StringBuilder(markdown.length() + 8);
    for (int i = 0; i < markdown.length(); i++) {
      char c = markdown.charAt(i);
      boolean escaped = i > 0 && markdown.charAt(i - 1) == '\\';
      if (!escaped && (c == '@' || c == '<' || c == '[' || c == ']' || c == '#')) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
