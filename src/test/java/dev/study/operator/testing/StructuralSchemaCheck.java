package dev.study.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI part of CRD validation: the structural schema, read as JSON Schema draft 4 by networknt's
 * validator, with errors worded as the API server words them. The Kubernetes extensions are taken out
 * before ({@code x-kubernetes-*}, {@code default}, {@code format}); {@code nullable} becomes a null type.
 * networknt uses Jackson 3 while fabric8 uses Jackson 2, so values cross over as JSON text.
 */
final class StructuralSchemaCheck {
  private static final ObjectMapper JACKSON2 = new ObjectMapper();
  private static final JsonMapper JACKSON3 = new JsonMapper();

  private final JsonNode openApiSchema;
  private final Schema schema;

  StructuralSchemaCheck(JsonNode openApiSchema) {
    this.openApiSchema = openApiSchema;
    String draft4 = toDraft4(openApiSchema.deepCopy()).toString();
    this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(JACKSON3.readTree(draft4));
  }

  List<FieldError> check(JsonNode object) {
    List<Error> errors;
    try {
      errors = schema.validate(JACKSON3.readTree(JACKSON2.writeValueAsString(object)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("object is not JSON", e);
    }
    List<FieldError> result = new ArrayList<>();
    for (Error error : errors) {
      result.add(toFieldError(error, object));
    }
    return result;
  }

  private FieldError toFieldError(Error error, JsonNode object) {
    List<Object> elements = elements(error.getInstanceLocation());
    String keyword = error.getKeyword();
    if ("required".equals(keyword)) {
      List<Object> missing = new ArrayList<>(elements);
      missing.add(error.getProperty());
      return FieldError.required(CrdValidator.render(missing), null);
    }
    String path = CrdValidator.render(elements);
    JsonNode at = schemaAt(elements);
    JsonNode value = valueAt(object, elements);
    String shown = CrdValidator.show(value);
    return switch (keyword == null ? "" : keyword) {
      case "type" -> new FieldError(path, "FieldValueTypeInvalid",
          "Invalid value: \"" + jsonType(value) + "\": " + path + " in body must be of type "
              + at.path("type").asText() + ": \"" + jsonType(value) + "\"");
      case "enum" -> new FieldError(path, "FieldValueNotSupported", "Unsupported value: " + shown
          + ": supported values: " + streamOf(at.path("enum")).map(CrdValidator::show)
              .collect(Collectors.joining(", ")));
      case "pattern" -> FieldError.invalid(path, shown,
          path + " in body should match '" + at.path("pattern").asText() + "'");
      case "minimum" -> FieldError.invalid(path, shown,
          path + " in body should be greater than or equal to " + number(at.path("minimum")));
      case "maximum" -> FieldError.invalid(path, shown,
          path + " in body should be less than or equal to " + number(at.path("maximum")));
      case "minLength" -> FieldError.invalid(path, shown,
          path + " in body should be at least " + at.path("minLength").asInt() + " chars long");
      case "maxLength" -> new FieldError(path, "FieldValueTooLong",
          "Too long: may not be more than " + at.path("maxLength").asInt() + " bytes");
      case "minItems" -> FieldError.invalid(path, String.valueOf(value.size()),
          path + " in body should have at least " + at.path("minItems").asInt() + " items");
      case "maxItems" -> new FieldError(path, "FieldValueTooMany",
          "Too many: " + value.size() + ": must have at most " + at.path("maxItems").asInt() + " items");
      default -> FieldError.invalid(path, shown, error.getMessage());
    };
  }

  private static List<Object> elements(NodePath location) {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < location.getNameCount(); i++) {
      elements.add(location.getElement(i));
    }
    return elements;
  }

  /** The Kubernetes schema node that governs the value at the given path. */
  private JsonNode schemaAt(List<Object> elements) {
    JsonNode node = openApiSchema;
    for (Object element : elements) {
      if (element instanceof Integer) {
        node = node.path("items");
      } else if (node.path("properties").has((String) element)) {
        node = node.path("properties").path((String) element);
      } else {
        node = node.path("additionalProperties");
      }
    }
    return node;
  }

  private static JsonNode valueAt(JsonNode object, List<Object> elements) {
    JsonNode node = object;
    for (Object element : elements) {
      node = element instanceof Integer i ? node.path(i) : node.path((String) element);
    }
    return node;
  }

  private static String jsonType(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase();
    };
  }

  private static String number(JsonNode limit) {
    double d = limit.asDouble();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  /** Removes what JSON Schema does not know and turns {@code nullable} into a null type, recursively. */
  private static JsonNode toDraft4(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        String key = it.next().getKey();
        if (key.startsWith("x-kubernetes-") || key.equals("default") || key.equals("format")
            || key.equals("description") || key.equals("example")) {
          it.remove();
        }
      }
      if (object.path("nullable").asBoolean(false) && object.has("type")) {
        ArrayNode types = object.arrayNode().add(object.get("type").asText()).add("null");
        object.set("type", types);
        if (object.has("enum")) {
          ((ArrayNode) object.get("enum")).addNull();
        }
      }
      object.remove("nullable");
      object.properties().forEach(e -> {
        if (e.getKey().equals("properties")) {
          e.getValue().properties().forEach(p -> toDraft4(p.getValue()));
        } else if (e.getKey().equals("items") || e.getKey().equals("additionalProperties")
            || e.getKey().equals("not")) {
          toDraft4(e.getValue());
        } else if (e.getKey().equals("allOf") || e.getKey().equals("anyOf") || e.getKey().equals("oneOf")) {
          e.getValue().forEach(StructuralSchemaCheck::toDraft4);
        }
      });
    }
    return node;
  }
}
