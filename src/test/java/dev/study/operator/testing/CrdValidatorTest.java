package dev.study.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator itself: each test shows one way it must fail, on a small CRD written here. */
class CrdValidatorTest {
  private static final CrdValidator WIDGETS = CrdValidator.of(CrdValidator.readYaml("""
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.dev}
      spec:
        group: example.dev
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  required: [size]
                  properties:
                    size: {type: integer, minimum: 1, maximum: 10}
                    color: {type: string, enum: [red, blue], default: red}
                    label: {type: string, maxLength: 5, nullable: true}
                    limits:
                      type: object
                      properties:
                        min: {type: integer}
                        max: {type: integer}
                      x-kubernetes-validations:
                      - rule: self.min <= self.max
                        message: min must not exceed max
                        fieldPath: .min
                    parts:
                      type: array
                      maxItems: 10
                      items:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string, maxLength: 10}
                          weight: {type: integer}
                        x-kubernetes-validations:
                        - rule: "!has(self.weight) || self.weight < 100"
                          message: a part weighs less than 100
                    tags:
                      type: array
                      maxItems: 10
                      x-kubernetes-list-type: set
                      items: {type: string, maxLength: 10}
                  x-kubernetes-validations:
                  - rule: self.color == 'red' || self.size > 5
                    message: only big widgets can be blue
                  - rule: self.size * 2 <= 20
                    messageExpression: "'size ' + string(self.size) + ' is too big'"
                  - rule: self.size == oldSelf.size
                    message: size is immutable
      """));

  private static CrdValidator.Verdict widget(String spec) {
    return WIDGETS.validateYaml("apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w1}\nspec: " + spec);
  }

  @Test
  void acceptsAWidgetThatMeetsEveryRule() {
    assertThat(widget("{size: 3, limits: {min: 1, max: 2}, parts: [{name: a, weight: 5}]}").errors()).isEmpty();
  }

  @Test
  void skipsTheRulesOfAnOptionalObjectThatIsAbsent() {
    // evaluated on a missing limits object, "self.min <= self.max" would fail with "no such key"
    assertThat(widget("{size: 3}").accepted()).isTrue();
  }

  @Test
  void reportsTheIndexOfTheArrayItemWhoseRuleFails() {
    var verdict = widget("{size: 3, parts: [{name: a, weight: 5}, {name: b, weight: 150}]}");

    assertThat(verdict.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.parts[1]");
      assertThat(e.message()).isEqualTo("Invalid value: \"object\": a part weighs less than 100");
    });
  }

  @Test
  void appendsTheRuleFieldPathToThePathOfItsNode() {
    assertThat(widget("{size: 3, limits: {min: 5, max: 2}}").errors())
        .extracting(FieldError::field).containsExactly("spec.limits.min");
  }

  @Test
  void seesDefaultedValuesInRules() {
    // color defaults to red, so a small widget passes "self.color == 'red' || self.size > 5"
    assertThat(widget("{size: 2}").accepted()).isTrue();
    assertThat(widget("{size: 2, color: blue}").errors()).extracting(FieldError::message)
        .containsExactly("Invalid value: \"object\": only big widgets can be blue");
  }

  @Test
  void passesIntegersToCelAsLongs() {
    // "self.size * 2 <= 20" has no int * Integer overload: it only passes if size arrives as a Long
    assertThat(widget("{size: 10, color: blue}").accepted()).isTrue();
  }

  @Test
  void usesTheMessageExpressionWhenARuleFails() {
    var customCrd = WIDGETS.crd().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) customCrd.at(
        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/size")).put("maximum", 20);

    var verdict = CrdValidator.of(customCrd).validateYaml(
        "apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 11, color: blue}");

    assertThat(verdict.errors()).extracting(FieldError::message)
        .containsExactly("Invalid value: \"object\": size 11 is too big");
  }

  @Test
  void ignoresTransitionRulesOnCreate() {
    assertThat(widget("{size: 4}").errors()).noneMatch(e -> e.message().contains("immutable"));
  }

  @Test
  void reportsUnknownFieldsAsAStrictDecodingErrorWith400() {
    var verdict = widget("{size: 3, colour: red, parts: [{name: a, mass: 3}]}");

    assertThat(verdict.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.colour", "spec.parts[0].mass");
    assertThat(verdict.httpStatus()).isEqualTo(400);
    assertThat(verdict.message()).startsWith(
        "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.colour\"");
  }

  @Test
  void acceptsApiVersionKindAndMetadataAtTheRootOnly() {
    assertThat(widget("{size: 3, metadata: {}}").errors()).extracting(FieldError::field)
        .containsExactly("spec.metadata");
  }

  @Test
  void wordsSchemaErrorsAsTheApiServerDoes() {
    var verdict = widget("{size: 11, color: green, label: toolong, parts: [{weight: 1}]}");

    assertThat(verdict.errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
        "spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10",
        "spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"",
        "spec.label: Too long: may not be more than 5 bytes",
        "spec.parts[0].name: Required value",
        "spec: Invalid value: \"object\": size 11 is too big");
    assertThat(verdict.httpStatus()).isEqualTo(422);
    assertThat(verdict.message()).startsWith("Widget.example.dev \"w1\" is invalid: [");
  }

  @Test
  void givesASingleErrorMessageWithoutBrackets() {
    assertThat(widget("{size: 0}").message()).isEqualTo(
        "Widget.example.dev \"w1\" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater"
            + " than or equal to 1");
  }

  @Test
  void acceptsNullForANullableFieldAndPrunesOtherNulls() {
    assertThat(widget("{size: 3, label: null, color: null}").accepted()).isTrue();
  }

  @Test
  void stopsRuleEvaluationWhenAValueHasTheWrongType() {
    var verdict = widget("{size: \"3\", limits: {min: 5, max: 2}}");

    assertThat(verdict.errors()).extracting(FieldError::toString).containsExactly(
        "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"",
        "Invalid value: null: " + CrdValidator.RULES_NOT_CHECKED);
  }

  @Test
  void rejectsDuplicatesInASetList() {
    assertThat(widget("{size: 3, tags: [a, b, a]}").errors()).extracting(FieldError::toString)
        .containsExactly("spec.tags[2]: Duplicate value: \"a\"");
  }

  @Test
  void requiresAValidName() {
    var verdict = WIDGETS.validate(Map.of("apiVersion", "example.dev/v1", "kind", "Widget",
        "metadata", Map.of("name", "Not_A_Name"), "spec", Map.of("size", 3)));

    assertThat(verdict.errors()).extracting(FieldError::field).containsExactly("metadata.name");
  }

  @Test
  void reportsARuleThatCannotBeEvaluated() {
    JsonNode crd = WIDGETS.crd().deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) crd.at(
        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations"))
        .addObject().put("rule", "self.missing == 1").put("message", "needs missing");

    var verdict = CrdValidator.of(crd).validateYaml(
        "apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}");

    assertThat(verdict.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec");
      assertThat(e.message()).contains("evaluating rule: needs missing");
    });
  }

  @Test
  void reportsRulesThatDoNotCompile() {
    JsonNode crd = WIDGETS.crd().deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) crd.at(
        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations"))
        .addObject().put("rule", "self.size.frobnicate(").put("message", "broken");

    List<String> problems = CrdValidator.of(crd).compileAllRules();

    assertThat(problems).singleElement().asString().startsWith("spec: CEL rule does not compile: self.size.frobnicate(");
  }
}
