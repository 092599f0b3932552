package dev.study.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and runs the CEL rules of {@code x-kubernetes-validations} with the Java CEL engine, in the
 * environment a CRD rule gets that we allow ourselves: {@code self} (and {@code oldSelf}) as dyn, the standard
 * macros and the strings extension. Compiled programs are cached by expression.
 */
public final class CelRules {
  private final Cel cel = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addCompilerLibraries(CelExtensions.strings())
      .addRuntimeLibraries(CelExtensions.strings())
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** Compiles an expression, or throws with the compiler's message. */
  public CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(expression, e -> {
      try {
        return cel.createProgram(cel.compile(e).getAst());
      } catch (CelValidationException | CelEvaluationException ex) {
        throw new IllegalArgumentException("CEL rule does not compile: " + e + "\n" + ex.getMessage(), ex);
      }
    });
  }

  /** Evaluates an expression with {@code self} bound to the given CEL value. */
  public Object evaluate(String expression, Object self) throws CelEvaluationException {
    return program(expression).eval(Map.of("self", self));
  }

  /**
   * Converts a JSON value to what the CEL runtime expects: maps, lists, Long for integers, Double,
   * String, Boolean. Null-valued properties are left out, as the API server prunes them.
   */
  public static Object toCelValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          map.put(e.getKey(), toCelValue(e.getValue()));
        }
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCelValue(item)));
      return list;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    throw new IllegalArgumentException("no CEL value for JSON " + node.getNodeType());
  }
}
