package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy discovery documents kubectl reads before anything else ({@code /version}, {@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}), which fabric8's mock does not serve. Custom
 * resources come from the CRDs stored in the mock, so a CRD applied later is discovered too. kubectl asks for
 * aggregated discovery first and falls back to these when the answer is plain {@code application/json}.
 */
final class Discovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** Built-in resources the operator or a person uses: name, kind, namespaced, short name. */
  private static final List<String[]> CORE = List.of(
      new String[] {"namespaces", "Namespace", "false", "ns"},
      new String[] {"events", "Event", "true", "ev"},
      new String[] {"configmaps", "ConfigMap", "true", "cm"},
      new String[] {"secrets", "Secret", "true", ""},
      new String[] {"serviceaccounts", "ServiceAccount", "true", "sa"});

  /** Built-in API groups: group, version, resource, kind, namespaced. */
  private static final List<String[]> BUILT_IN_GROUPS = List.of(
      new String[] {"apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", "false", "crd"},
      new String[] {"coordination.k8s.io", "v1", "leases", "Lease", "true", ""});

  private Discovery() {}

  /** The document for a discovery path, or empty when the path is not one. */
  static Optional<JsonNode> document(String path, JsonNode storedCrds) {
    if (path.equals("/version")) {
      return Optional.of(JSON.createObjectNode().put("major", "1").put("minor", "32")
          .put("gitVersion", "v1.32.0-fabric8-mock-sandbox").put("gitCommit", "").put("gitTreeState", "clean")
          .put("buildDate", "2026-01-01T00:00:00Z").put("goVersion", "go1.23").put("compiler", "gc")
          .put("platform", "linux/amd64"));
    }
    if (path.equals("/api")) {
      ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs");
      return Optional.of(versions);
    }
    if (path.equals("/api/v1")) {
      ObjectNode list = resourceList("v1");
      for (String[] r : CORE) {
        addResource(list, r[0], r[0].replaceAll("s$", ""), r[1], Boolean.parseBoolean(r[2]),
            r[3].isEmpty() ? List.of() : List.of(r[3]), List.of());
      }
      return Optional.of(list);
    }
    Map<String, Map<String, List<JsonNode>>> groups = groups(storedCrds);
    if (path.equals("/apis")) {
      ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode items = list.putArray("groups");
      for (String[] g : BUILT_IN_GROUPS) {
        addGroup(items, g[0], List.of(g[1]));
      }
      groups.forEach((group, versions) -> addGroup(items, group, List.copyOf(versions.keySet())));
      return Optional.of(list);
    }
    String[] parts = path.split("/");
    if (parts.length != 4 || !parts[1].equals("apis")) {
      return Optional.empty();
    }
    String group = parts[2];
    String version = parts[3];
    for (String[] g : BUILT_IN_GROUPS) {
      if (g[0].equals(group) && g[1].equals(version)) {
        ObjectNode list = resourceList(group + "/" + version);
        addResource(list, g[2], g[3].toLowerCase(), g[3], Boolean.parseBoolean(g[4]),
            g[5].isEmpty() ? List.of() : List.of(g[5]), List.of());
        return Optional.of(list);
      }
    }
    List<JsonNode> crds = groups.getOrDefault(group, Map.of()).get(version);
    if (crds == null) {
      return Optional.empty();
    }
    ObjectNode list = resourceList(group + "/" + version);
    for (JsonNode crd : crds) {
      JsonNode names = crd.path("spec").path("names");
      List<String> shortNames = JSON.convertValue(names.path("shortNames"), JSON.getTypeFactory()
          .constructCollectionType(List.class, String.class));
      List<String> categories = JSON.convertValue(names.path("categories"), JSON.getTypeFactory()
          .constructCollectionType(List.class, String.class));
      boolean namespaced = "Namespaced".equals(crd.path("spec").path("scope").asText());
      String plural = names.path("plural").asText();
      addResource(list, plural, names.path("singular").asText(), names.path("kind").asText(), namespaced,
          shortNames == null ? List.of() : shortNames, categories == null ? List.of() : categories);
      JsonNode served = servedVersion(crd, version);
      if (served != null && served.path("subresources").has("status")) {
        ObjectNode status = list.withArray("resources").addObject();
        status.put("name", plural + "/status").put("singularName", "").put("namespaced", namespaced)
            .put("kind", names.path("kind").asText());
        status.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return Optional.of(list);
  }

  /** group -> version -> CRDs serving it. */
  private static Map<String, Map<String, List<JsonNode>>> groups(JsonNode storedCrds) {
    Map<String, Map<String, List<JsonNode>>> groups = new LinkedHashMap<>();
    for (JsonNode crd : storedCrds) {
      String group = crd.path("spec").path("group").asText();
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("served").asBoolean(true)) {
          groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
              .computeIfAbsent(v.path("name").asText(), n -> new java.util.ArrayList<>()).add(crd);
        }
      }
    }
    return groups;
  }

  private static JsonNode servedVersion(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        return v;
      }
    }
    return null;
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }

  private static void addResource(ObjectNode list, String name, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories) {
    ObjectNode r = list.withArray("resources").addObject();
    r.put("name", name).put("singularName", singular).put("namespaced", namespaced).put("kind", kind);
    ArrayNode verbs = r.putArray("verbs");
    ALL_VERBS.forEach(verbs::add);
    if (!shortNames.isEmpty()) {
      ArrayNode s = r.putArray("shortNames");
      shortNames.forEach(s::add);
    }
    if (!categories.isEmpty()) {
      ArrayNode c = r.putArray("categories");
      categories.forEach(c::add);
    }
  }

  private static void addGroup(ArrayNode items, String group, List<String> versions) {
    ObjectNode g = items.addObject().put("name", group);
    ArrayNode vs = g.putArray("versions");
    versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
    g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
  }
}
