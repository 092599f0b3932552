package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** RFC 7386 examples that matter for StudyGroups. */
class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void replacesAListWholeInsteadOfMergingItsItems() throws Exception {
    JsonNode target = json("{'spec':{'members':[{'id':'a'},{'id':'b'}],'displayName':'G'}}");
    JsonNode merged = MergePatch.apply(target, json("{'spec':{'members':[{'id':'c'}]}}"));
    assertThat(merged).isEqualTo(json("{'spec':{'members':[{'id':'c'}],'displayName':'G'}}"));
  }

  @Test
  void mergesObjectsAndRemovesFieldsSetToNull() throws Exception {
    JsonNode target = json("{'spec':{'suspend':true,'calendar':{'calendarId':'x','sendUpdates':'all'}}}");
    JsonNode merged = MergePatch.apply(target, json("{'spec':{'suspend':null,'calendar':{'sendUpdates':'none'}}}"));
    assertThat(merged).isEqualTo(json("{'spec':{'calendar':{'calendarId':'x','sendUpdates':'none'}}}"));
  }

  @Test
  void createsMissingObjects() throws Exception {
    assertThat(MergePatch.apply(json("{}"), json("{'spec':{'welcome':{'initialMembers':'Skip'}}}")))
        .isEqualTo(json("{'spec':{'welcome':{'initialMembers':'Skip'}}}"));
  }
}
