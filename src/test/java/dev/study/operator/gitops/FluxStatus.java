package dev.study.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.study.operator.testing.CelRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Flux concludes about a StudyGroup. {@link #kstatus} follows kstatus's generic rules for a custom resource
 * of a kind it does not know (sigs.k8s.io/cli-utils, status/generic.go): deletion, then
 * {@code status.observedGeneration} against {@code metadata.generation}, then the {@code Reconciling} and
 * {@code Stalled} conditions, else Current. {@link #withExpressions} follows fluxcd/pkg runtime/cel
 * (StatusEvaluator.Evaluate) for the Kustomization {@code healthCheckExprs} that docs/gitops.md recommends:
 * <ul>
 *   <li>first, a present {@code status.observedGeneration} other than {@code metadata.generation} is InProgress;
 *   <li>then inProgress, failed and current in that order, the first true one wins, none true is InProgress;
 *   <li>the expressions are parsed, not compiled, and the activation is the object's own top-level map: a field
 *       the object lacks is an unbound identifier, so {@code has(status.conditions)} on an object without
 *       {@code status} is an evaluation error ("no such attribute(s): status.conditions" in fluxcd/pkg's
 *       status_evaluator_test.go), unless the other side of a {@code ||} or {@code &&} decides the result;
 *   <li>an evaluation error makes kstatus's generic status reader report Unknown with the error (cli-utils
 *       polling/statusreaders), which the Kustomization's wait treats as not yet Current and polls again.
 * </ul>
 */
final class FluxStatus {
  static final String IN_PROGRESS = "has(metadata.deletionTimestamp) || !has(status.conditions) || "
      + "status.conditions.filter(e, e.type == 'Ready').all(e, e.observedGeneration != metadata.generation)";
  static final String FAILED = "status.conditions.exists(e, e.type == 'Stalled' && e.status == 'True'"
      + " && e.observedGeneration == metadata.generation)";
  static final String CURRENT = "(has(spec.suspend) && spec.suspend) || status.conditions.exists(e,"
      + " e.type == 'Ready' && e.status == 'True' && e.observedGeneration == metadata.generation)";

  /** Unknown is what Flux reports when an expression cannot be evaluated; the error says why. */
  record Verdict(String status, String error) {}

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("apiVersion", SimpleType.DYN).addVar("kind", SimpleType.DYN)
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

  /** The status alone; Unknown when Flux could not evaluate an expression. */
  static String withExpressions(JsonNode obj) {
    return evaluate(obj).status();
  }

  static Verdict evaluate(JsonNode obj) {
    JsonNode observed = obj.path("status").path("observedGeneration");
    JsonNode generation = obj.path("metadata").path("generation");
    if (observed.isIntegralNumber() && generation.isIntegralNumber() && observed.asLong() != generation.asLong()) {
      return new Verdict("InProgress", null);
    }
    // Only the fields the object has are bound, as in Flux: no {} stands in for a missing status.
    Map<String, Object> vars = new HashMap<>();
    obj.properties().forEach(e -> vars.put(e.getKey(), CelRules.toCelValue(e.getValue())));
    for (var rule : List.of(Map.entry(IN_PROGRESS, "InProgress"), Map.entry(FAILED, "Failed"),
        Map.entry(CURRENT, "Current"))) {
      try {
        if (eval(rule.getKey(), vars)) {
          return new Verdict(rule.getValue(), null);
        }
      } catch (CelEvaluationException | Unbound e) {
        return new Verdict("Unknown", e.getMessage());
      }
    }
    return new Verdict("InProgress", null);
  }

  /** cel-go's error for a field the object lacks, when nothing else in the expression decided the result. */
  private static final class Unbound extends Exception {
    Unbound(String expression, Map<String, Object> vars) {
      super("failed to evaluate the CEL expression '" + expression + "': no such attribute(s): "
          + List.of("metadata", "spec", "status").stream().filter(f -> !vars.containsKey(f)).toList());
    }
  }

  private static boolean eval(String expression, Map<String, Object> vars) throws CelEvaluationException, Unbound {
    try {
      Object result = CEL.createProgram(CEL.compile(expression).getAst()).eval(vars);
      // cel-java answers an unknown set where cel-go (parse only, no declared variables) fails; both are
      // absorbed alike by a || or && whose other side decides.
      if (!(result instanceof Boolean b)) {
        throw new Unbound(expression, vars);
      }
      return b;
    } catch (CelValidationException e) {
      throw new IllegalStateException("CEL expression does not compile: " + expression + ": " + e.getMessage(), e);
    }
  }
}
