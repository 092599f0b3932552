package dev.study.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.study.operator.testing.CelRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Flux concludes about a StudyGroup. {@link #kstatus} follows kstatus's generic rules for a custom resource
 * of a kind it does not know (sigs.k8s.io/cli-utils, status/generic.go): deletion, then
 * {@code status.observedGeneration} against {@code metadata.generation}, then the {@code Reconciling} and
 * {@code Stalled} conditions, else Current. {@link #withExpressions} evaluates the Kustomization
 * {@code healthCheckExprs} that docs/gitops.md recommends, with the object's top-level fields as variables.
 */
final class FluxStatus {
  static final String IN_PROGRESS = "!has(status.conditions) || "
      + "status.conditions.filter(e, e.type == 'Ready').all(e, e.observedGeneration != metadata.generation)";
  static final String FAILED = "status.conditions.exists(e, e.type.endsWith('Synced') && e.status == 'False'"
      + " && e.reason != 'Suspended' && e.observedGeneration == metadata.generation)";
  static final String CURRENT = "(has(spec.suspend) && spec.suspend) || status.conditions.exists(e,"
      + " e.type == 'Ready' && e.status == 'True' && e.observedGeneration == metadata.generation)";

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("metadata", SimpleType.DYN).addVar("spec", SimpleType.DYN).addVar("status", SimpleType.DYN)
      .build();

  private FluxStatus() {}

  static String kstatus(JsonNode obj) {
    if (!obj.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
      return "Terminating";
    }
    JsonNode generation = obj.path("metadata").path("generation");
    JsonNode observed = obj.path("status").path("observedGeneration");
    if (generation.isNumber() && observed.isNumber() && generation.asLong() != observed.asLong()) {
      return "InProgress";
    }
    for (JsonNode c : obj.path("status").path("conditions")) {
      if ("True".equals(c.path("status").asText())) {
        if ("Reconciling".equals(c.path("type").asText())) {
          return "InProgress";
        }
        if ("Stalled".equals(c.path("type").asText())) {
          return "Failed";
        }
      }
    }
    return "Current";
  }

  /** Flux's order: inProgress, then failed, then current; none true means still in progress. */
  static String withExpressions(JsonNode obj) {
    Map<String, Object> vars = new HashMap<>();
    for (String field : List.of("metadata", "spec", "status")) {
      vars.put(field, obj.has(field) ? CelRules.toCelValue(obj.get(field)) : Map.of());
    }
    if (eval(IN_PROGRESS, vars)) {
      return "InProgress";
    }
    if (eval(FAILED, vars)) {
      return "Failed";
    }
    return eval(CURRENT, vars) ? "Current" : "InProgress";
  }

  private static boolean eval(String expression, Map<String, Object> vars) {
    try {
      return Boolean.TRUE.equals(CEL.createProgram(CEL.compile(expression).getAst()).eval(vars));
    } catch (Exception e) {
      throw new IllegalStateException("CEL expression failed: " + expression + ": " + e.getMessage(), e);
    }
  }
}
