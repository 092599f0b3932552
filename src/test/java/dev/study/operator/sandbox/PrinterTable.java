package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code meta.k8s.io/v1} Table a real API server answers when kubectl asks for
 * {@code application/json;as=Table;v=v1;g=meta.k8s.io}, built from a CRD's {@code additionalPrinterColumns}: a Name
 * column, then the declared columns in order (priority 1 ones show with {@code -o wide}), date cells as ages.
 * fabric8's mock answers a plain list, so kubectl fell back to NAME and AGE.
 */
final class PrinterTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The JSONPath forms CRD printer columns use: {@code .field}, {@code [n]}, {@code [?(@.field=="value")]}. */
  private static final Pattern STEP =
      Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_-]+)==[\"']([^\"']*)[\"']\\)]");

  private PrinterTable() {}

  /** The printer columns of a CRD's version; empty when it declares none or serves no such version. */
  static List<JsonNode> columns(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        List<JsonNode> out = new ArrayList<>();
        v.path("additionalPrinterColumns").forEach(out::add);
        return out;
      }
    }
    return List.of();
  }

  /**
   * @param includeObject the request's {@code includeObject}: None, Object, or (the default) PartialObjectMetadata
   */
  static ObjectNode of(List<JsonNode> columns, List<JsonNode> objects, String resourceVersion, String includeObject,
      Instant now) {
    List<JsonNode> declared = columns.isEmpty() ? List.of(JSON.createObjectNode().put("name", "Age")
        .put("type", "date").put("jsonPath", ".metadata.creationTimestamp").put("priority", 0)) : columns;
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", 0);
    for (JsonNode c : declared) {
      definitions.addObject().put("name", c.path("name").asText()).put("type", c.path("type").asText("string"))
          .put("format", c.path("format").asText("")).put("description", c.path("description").asText(""))
          .put("priority", c.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (JsonNode c : declared) {
        cells.add(cell(c.path("type").asText("string"), find(object, c.path("jsonPath").asText()), now));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  /** The first value a printer column's JSONPath finds, or null. */
  static JsonNode find(JsonNode object, String jsonPath) {
    List<JsonNode> current = List.of(object);
    Matcher m = STEP.matcher(jsonPath.trim());
    int at = 0;
    while (at < jsonPath.trim().length()) {
      if (!m.find(at) || m.start() != at) {
        return null; // a form the sandbox does not evaluate
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (m.group(1) != null && node.has(m.group(1))) {
          next.add(node.get(m.group(1)));
        } else if (m.group(2) != null && node.isArray() && node.size() > Integer.parseInt(m.group(2))) {
          next.add(node.get(Integer.parseInt(m.group(2))));
        } else if (m.group(3) != null && node.isArray()) {
          for (JsonNode item : node) {
            if (m.group(4).equals(item.path(m.group(3)).asText(null))) {
              next.add(item);
            }
          }
        }
      }
      current = next;
      at = m.end();
    }
    return current.isEmpty() ? null : current.get(0);
  }

  private static JsonNode cell(String type, JsonNode value, Instant now) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NullNode.getInstance();
    }
    if ("date".equals(type)) {
      try {
        return JSON.getNodeFactory().textNode(age(Duration.between(Instant.parse(value.asText()), now)));
      } catch (DateTimeParseException e) {
        return JSON.getNodeFactory().textNode(value.asText());
      }
    }
    if ("string".equals(type)) {
      return JSON.getNodeFactory().textNode(value.isValueNode() ? value.asText() : value.toString());
    }
    return value;
  }

  /** An age as kubectl shows it: 45s, 3m12s, 17m, 5h4m, 30h, 3d4h, 40d, 2y12d. */
  static String age(Duration d) {
    long s = d.getSeconds();
    if (s < 0) {
      return "0s";
    }
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    if (h < 24 * 8) {
      return h % 24 == 0 ? h / 24 + "d" : h / 24 + "d" + h % 24 + "h";
    }
    if (h < 24 * 365 * 2) {
      return h / 24 + "d";
    }
    long days = h / 24;
    return days % 365 == 0 ? days / 365 + "y" : days / 365 + "y" + days % 365 + "d";
  }
}
