package dev.study.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.study.operator.schedule.ScheduleExpander;
import dev.study.operator.testing.CrdValidator;
import dev.study.operator.testing.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated StudyGroup CRD, checked the way a real API server would check resources against it: the invalid
 * corpus under {@code fixtures/crd/invalid} must be rejected at the field each file names, and every file in
 * {@code examples/} must be accepted.
 */
class CrdSchemaTest {
  private static final Path INVALID = Path.of("src/test/resources/fixtures/crd/invalid");
  private static final Path EXAMPLES = Path.of("examples");
  private static final Path COMMITTED_CRD = Path.of("crds/studygroups.study.dev-v1.yml");
  private static final CrdValidator VALIDATOR = CrdValidator.forStudyGroups();

  static Stream<Path> invalidFixtures() throws IOException {
    return yamlFiles(INVALID);
  }

  static Stream<Path> examples() throws IOException {
    return yamlFiles(EXAMPLES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void rejectsInvalidFixtureAtTheExpectedField(Path fixture) throws IOException {
    String expected = expectedField(fixture);

    CrdValidator.Verdict verdict = VALIDATOR.validateYaml(Files.readString(fixture));

    assertThat(verdict.accepted()).as("%s is accepted, but should fail at %s", fixture, expected).isFalse();
    assertThat(verdict.errorsAt(expected))
        .as("%s: no error names %s; got %s", fixture.getFileName(), expected, verdict.errors()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void rejectsInvalidFixtureForNoOtherReason(Path fixture) throws IOException {
    String expected = expectedField(fixture);

    CrdValidator.Verdict verdict = VALIDATOR.validateYaml(Files.readString(fixture));

    // each fixture breaks one thing, so an error elsewhere means the fixture or a rule is wrong
    assertThat(verdict.errors())
        .as("%s: errors outside %s", fixture.getFileName(), expected)
        .allMatch(e -> e.names(expected) || e.message().contains("some validation rules were not checked"));
  }

  @Test
  void invalidCorpusHasAtLeast32CasesEachNamingItsField() throws IOException {
    List<Path> fixtures = invalidFixtures().toList();

    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(32);
    for (Path fixture : fixtures) {
      assertThat(expectedField(fixture)).as(fixture.toString()).matches("^(spec|metadata)[A-Za-z0-9.\\[\\]]*$");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void acceptsExample(Path example) throws IOException {
    CrdValidator.Verdict verdict = VALIDATOR.validateYaml(Files.readString(example));

    assertThat(verdict.errors()).as(verdict.message()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void expandsExampleScheduleWithoutInvalidSpec(Path example) throws IOException {
    // what the schema cannot check (a real time zone, real dates) the reconciler checks; examples pass both
    JsonNode spec = CrdValidator.readYaml(Files.readString(example)).path("spec");
    StudyGroupSpec parsed = new ObjectMapper().treeToValue(spec, StudyGroupSpec.class);

    assertThatCode(() -> ScheduleExpander.expand(parsed.getSchedule())).doesNotThrowAnyException();
  }

  @Test
  void examplesCoverDstRemindersWithMentionAndDiscordOnly() throws IOException {
    List<JsonNode> specs = new ArrayList<>();
    for (Path example : examples().toList()) {
      JsonNode group = CrdValidator.readYaml(Files.readString(example));
      assertThat(group.at("/metadata/namespace").asText()).isEqualTo("course");
      specs.add(group.path("spec"));
    }

    assertThat(specs).anyMatch(s -> s.at("/schedule/skip").size() > 0 && s.at("/schedule/overrides").size() > 0);
    assertThat(specs).anyMatch(s -> s.findValues("mention").stream().anyMatch(JsonNode::asBoolean));
    assertThat(specs).anyMatch(s -> !s.has("calendar") && s.has("discord"));
  }

  @Test
  void committedCrdEqualsTheGeneratedOne() throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(CrdValidator.STUDYGROUP_CRD_RESOURCE)) {
      assertThat(in).as("generated CRD on the classpath; run mvn process-classes").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(COMMITTED_CRD))
        .as("crds/ is stale: copy target/classes/" + CrdValidator.STUDYGROUP_CRD_RESOURCE + " to " + COMMITTED_CRD)
        .isEqualTo(generated);
  }

  @Test
  void crdHasPrinterColumnsShortNameAndStatusSubresource() {
    JsonNode spec = VALIDATOR.crd().path("spec");
    JsonNode version = spec.path("versions").path(0);

    assertThat(version.path("additionalPrinterColumns").findValuesAsText("name"))
        .contains("Ready", "Members", "Meetings", "Age");
    assertThat(spec.path("names").path("shortNames")).extracting(JsonNode::asText).containsExactly("sg");
    assertThat(version.path("subresources").has("status")).isTrue();
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
  }

  @Test
  void compilesEveryCelRuleInTheCrd() {
    assertThat(VALIDATOR.ruleSites()).isNotEmpty();

    assertThat(VALIDATOR.compileAllRules()).isEmpty();
  }

  @Test
  void boundsEveryListAndStringUnderANodeWithRules() {
    // the API server estimates the cost of each rule from maxItems and maxLength, and refuses unbounded ones;
    // the only rule at the root is has(self.spec), whose cost does not depend on the object
    assertThat(VALIDATOR.crd().at("/spec/versions/0/schema/openAPIV3Schema/x-kubernetes-validations")
        .findValuesAsText("rule")).containsExactly("has(self.spec)");
    Set<String> unbounded = new LinkedHashSet<>();
    for (CrdValidator.RuleSite site : VALIDATOR.ruleSites()) {
      if (!site.path().isEmpty()) {
        collectUnbounded(site.schema(), site.path(), unbounded);
      }
    }

    assertThat(unbounded).as("lists and strings without maxItems / maxLength").isEmpty();
  }

  @Test
  void rejectsAnUnknownFieldAsTheApiServerDoesWith400() throws IOException {
    CrdValidator.Verdict verdict =
        VALIDATOR.validateYaml(Files.readString(INVALID.resolve("unknown-field-in-spec.yaml")));

    assertThat(verdict.httpStatus()).isEqualTo(400);
    assertThat(verdict.message()).isEqualTo("StudyGroup in version \"v1alpha1\" cannot be handled as a StudyGroup:"
        + " strict decoding error: unknown field \"spec.channel\"");
  }

  @Test
  void explainsADuplicateEmailWith422NamingTheMembers() throws IOException {
    CrdValidator.Verdict verdict =
        VALIDATOR.validateYaml(Files.readString(INVALID.resolve("member-emails-duplicated-ignoring-case.yaml")));

    assertThat(verdict.httpStatus()).isEqualTo(422);
    assertThat(verdict.message()).isEqualTo("StudyGroup.study.dev \"cohort7-group3\" is invalid: spec.members:"
        + " Invalid value: \"object\": member emails must be unique (ignoring case)");
  }

  @Test
  void explainsABadEmailWithThePattern() throws IOException {
    CrdValidator.Verdict verdict =
        VALIDATOR.validateYaml(Files.readString(INVALID.resolve("member-email-without-at.yaml")));

    assertThat(verdict.errors()).extracting(FieldError::toString).singleElement().asString()
        .startsWith("spec.members[1].email: Invalid value: \"bilal.example.org\": spec.members[1].email in body"
            + " should match '^[A-Za-z0-9");
  }

  private static void collectUnbounded(JsonNode schema, String path, Set<String> unbounded) {
    String type = schema.path("type").asText();
    if (type.equals("array") && !schema.has("maxItems")) {
      unbounded.add(path);
    }
    if (type.equals("string") && !schema.has("maxLength") && !schema.has("enum")) {
      unbounded.add(path);
    }
    schema.path("properties").properties()
        .forEach(p -> collectUnbounded(p.getValue(), path + "." + p.getKey(), unbounded));
    if (schema.has("items")) {
      collectUnbounded(schema.get("items"), path + "[*]", unbounded);
    }
  }

  private static String expectedField(Path fixture) throws IOException {
    String first = Files.readAllLines(fixture).get(0);
    assertThat(first).as("%s must start with '# expect: <field path>'", fixture).startsWith("# expect: ");
    return first.substring("# expect: ".length()).trim();
  }

  private static Stream<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }
}
