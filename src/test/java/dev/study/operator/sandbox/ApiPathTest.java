package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ApiPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode group(String namespace, String name) {
    JsonNode g = JSON.createObjectNode().put("apiVersion", "study.dev/v1alpha1").put("kind", "StudyGroup");
    ((com.fasterxml.jackson.databind.node.ObjectNode) g).putObject("metadata").put("namespace", namespace)
        .put("name", name).putObject("labels").put("cohort", "7");
    return g;
  }

  @Test
  void takesApartANamespacedWatchWithAFieldSelector() {
    ApiPath path = ApiPath.parse("/apis/study.dev/v1alpha1/namespaces/course/studygroups",
        "fieldSelector=metadata.name%3Dg3&resourceVersion=12&watch=true").orElseThrow();
    assertThat(path.group()).isEqualTo("study.dev");
    assertThat(path.namespace()).isEqualTo("course");
    assertThat(path.plural()).isEqualTo("studygroups");
    assertThat(path.isWatch()).isTrue();
    assertThat(path.groupVersionPath()).isEqualTo("/apis/study.dev/v1alpha1");
    assertThat(path.matches(group("course", "g3"), "StudyGroup")).isTrue();
    assertThat(path.matches(group("course", "g5"), "StudyGroup")).isFalse();
    assertThat(path.matches(group("other", "g3"), "StudyGroup")).isFalse();
    assertThat(path.matches(group("course", "g3"), "Event")).isFalse();
  }

  @Test
  void readsCoreAndClusterPathsAndLabelSelectors() {
    ApiPath namespaces = ApiPath.parse("/api/v1/namespaces/course", null).orElseThrow();
    assertThat(namespaces.group()).isEmpty();
    assertThat(namespaces.namespace()).isNull();
    assertThat(namespaces.plural()).isEqualTo("namespaces");
    assertThat(namespaces.name()).isEqualTo("course");

    ApiPath all = ApiPath.parse("/apis/study.dev/v1alpha1/studygroups", "labelSelector=cohort%3D7").orElseThrow();
    assertThat(all.isWatch()).isFalse();
    assertThat(all.matches(group("any", "g"), "StudyGroup")).isTrue();
    ApiPath other = ApiPath.parse("/apis/study.dev/v1alpha1/studygroups", "labelSelector=cohort%3D8").orElseThrow();
    assertThat(other.matches(group("any", "g"), "StudyGroup")).isFalse();
    assertThat(ApiPath.parse("/version", null)).isEmpty();
  }
}
