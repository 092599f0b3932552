package dev.study.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.study.operator.api.StudyGroup;
import dev.study.operator.schedule.InvalidSpecException;
import dev.study.operator.testing.CrdValidator;
import dev.study.operator.testing.StudyGroups;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the schema cannot say: each file under fixtures/reconcile/invalid-spec is accepted by the CRD's own
 * schema and rules, and refused by the reconciler's SpecValidator with an error naming the field on its
 * "# expect:" line (then reported as Ready=False, reason InvalidSpec, with no external writes).
 */
class InvalidSpecCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/fixtures/reconcile/invalid-spec");
  private static final CrdValidator CRD = CrdValidator.forStudyGroups();
  private static final SpecValidator VALIDATOR =
      new SpecValidator(new Allowlist(Set.of(StudyGroups.GUILD), Set.of(StudyGroups.CALENDAR)));

  static Stream<Path> cases() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void passesTheSchemaButTheReconcilerNamesTheField(Path file) throws IOException {
    String yaml = Files.readString(file);
    String expected = yaml.lines().findFirst().orElseThrow().replace("# expect:", "").trim();

    var verdict = CRD.validateYaml(yaml);
    assertThat(verdict.accepted()).as("the schema accepts %s: %s", file.getFileName(), verdict.errors()).isTrue();
    StudyGroup group = Serialization.unmarshal(yaml, StudyGroup.class);
    assertThatThrownBy(() -> VALIDATOR.validate(group.getSpec()))
        .isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(expected));
  }

  @Test
  void holdsAtLeastTheCasesTheSchemaCannotExpress() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(6);
  }
}
