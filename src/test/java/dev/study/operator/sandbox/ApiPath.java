package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes resource path and query taken apart ({@code /apis/g/v/namespaces/ns/plural/name/sub?query}), and
 * whether an object is one that a list or watch of it would return (group, kind, namespace, name, and the
 * equality field and label selectors kubectl sends).
 *
 * @param group "" for the core API
 * @param namespace null for a cluster-wide path
 * @param name null for a collection
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
    Map<String, String> query) {

  static Optional<ApiPath> parse(String rawPath, String rawQuery) {
    String[] parts = Arrays.stream(rawPath.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    int at;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      at = 1;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      at = 2;
    } else {
      return Optional.empty();
    }
    String version = parts[at++];
    String namespace = null;
    if (parts.length - at >= 3 && parts[at].equals("namespaces")) {
      namespace = parts[at + 1];
      at += 2;
    }
    String plural = parts[at];
    String name = parts.length > at + 1 ? parts[at + 1] : null;
    String sub = parts.length > at + 2 ? parts[at + 2] : null;
    return Optional.of(new ApiPath(group, version, namespace, plural, name, sub, query(rawQuery)));
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  boolean isWatch() {
    String w = query.get("watch");
    return "true".equals(w) || "1".equals(w);
  }

  /** {@code /apis/g/v} or {@code /api/v1}: where discovery names this resource's kind. */
  String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** Whether a list or watch of this path, with its selectors, would return the object, whose kind is given. */
  boolean matches(JsonNode object, String kind) {
    String apiVersion = object.path("apiVersion").asText();
    String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    JsonNode metadata = object.path("metadata");
    if (!objectGroup.equals(group) || !kind.equals(object.path("kind").asText())
        || namespace != null && !namespace.equals(metadata.path("namespace").asText())
        || name != null && !name.equals(metadata.path("name").asText())) {
      return false;
    }
    for (String term : terms(query.get("fieldSelector"))) {
      String[] kv = term.split("==?", 2);
      String actual = switch (kv[0]) {
        case "metadata.name" -> metadata.path("name").asText();
        case "metadata.namespace" -> metadata.path("namespace").asText();
        default -> null;
      };
      if (kv.length == 2 && actual != null && !actual.equals(kv[1])) {
        return false;
      }
    }
    for (String term : terms(query.get("labelSelector"))) {
      String[] kv = term.split("==?", 2);
      if (kv.length == 2 && !kv[1].equals(metadata.path("labels").path(kv[0]).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static String[] terms(String selector) {
    return selector == null || selector.isBlank() ? new String[0] : selector.split(",");
  }
}
