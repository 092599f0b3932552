package dev.study.operator.testing.calendar;

import dev.study.operator.testing.calendar.GoogleErrors.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The multipart/mixed batch format (Calendar batch guide; FACTS.md, "Batch"): each part of the request is an
 * application/http request with an absolute URL, its own headers and a plain or gzipped body; the reply has one
 * application/http part per request, in request order, headers written as {@code Name: value}.
 */
final class BatchCodec {
  /** One call inside a batch. */
  record Part(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {}

  private BatchCodec() {}

  static List<Part> parse(String contentType, byte[] body) throws IOException {
    String boundary = boundaryOf(contentType);
    // ISO-8859-1 keeps bytes one to one, so a gzipped part body survives the split
    String text = new String(body, StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    for (String part : text.split("--" + Pattern.quote(boundary))) {
      String trimmed = part.strip();
      if (trimmed.isEmpty() || trimmed.equals("--")) {
        continue;
      }
      parts.add(part(part));
    }
    return parts;
  }

  private static Part part(String part) throws IOException {
    String normalized = part.replace("\r\n", "\n");
    int partHeadersEnd = normalized.indexOf("\n\n");
    String http = normalized.substring(partHeadersEnd + 2);
    int headEnd = http.indexOf("\n\n");
    String head = headEnd < 0 ? http : http.substring(0, headEnd);
    String bodyText = headEnd < 0 ? "" : http.substring(headEnd + 2);
    if (bodyText.endsWith("\n")) {
      bodyText = bodyText.substring(0, bodyText.length() - 1);
    }
    String[] lines = head.strip().split("\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    URI uri = URI.create(requestLine[1]);
    byte[] body = CalendarHttp.decoded(bodyText.getBytes(StandardCharsets.ISO_8859_1), headers.get("content-encoding"));
    String method = headers.getOrDefault("x-http-method-override", requestLine[0]);
    return new Part(method, uri.getRawPath(), uri.getRawQuery(), headers, body);
  }

  private static String boundaryOf(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.startsWith("boundary=")) {
        return p.substring("boundary=".length()).replace("\"", "");
      }
    }
    throw new IllegalArgumentException("multipart without boundary: " + contentType);
  }

  /** The multipart/mixed reply body: one part per answer, in order. */
  static byte[] encode(List<Reply> replies, String boundary) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (Reply r : replies) {
      n++;
      out.append("--").append(boundary).append("\r\n")
          .append("Content-Type: application/http\r\n")
          .append("Content-ID: response-").append(n).append("\r\n\r\n")
          .append("HTTP/1.1 ").append(r.status()).append(' ').append(GoogleErrors.statusText(r.status())).append("\r\n");
      if (r.json() != null) {
        byte[] json = r.json().getBytes(StandardCharsets.UTF_8);
        out.append("Content-Type: application/json; charset=UTF-8\r\n")
            .append("Content-Length: ").append(json.length).append("\r\n\r\n")
            .append(r.json()).append("\r\n");
      } else {
        out.append("Content-Length: 0\r\n\r\n\r\n");
      }
    }
    out.append("--").append(boundary).append("--\r\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
