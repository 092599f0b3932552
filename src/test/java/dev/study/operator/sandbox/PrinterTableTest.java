package dev.study.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2027-01-01T12:00:00Z");

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void findsAConditionFieldByTypeAndAPlainField() throws Exception {
    JsonNode group = json("{'status':{'memberCount':5,'conditions':[{'type':'DiscordSynced','reason':'Synced'},"
        + "{'type':'Ready','status':'False'}]}}");
    assertThat(PrinterTable.find(group, ".status.conditions[?(@.type==\"Ready\")].status").asText()).isEqualTo("False");
    assertThat(PrinterTable.find(group, ".status.memberCount").asInt()).isEqualTo(5);
    assertThat(PrinterTable.find(group, ".status.conditions[1].status").asText()).isEqualTo("False");
    assertThat(PrinterTable.find(group, ".status.conditions[?(@.type==\"Stalled\")].status")).isNull();
    assertThat(PrinterTable.find(group, ".status.missing")).isNull();
  }

  @Test
  void buildsANameColumnThenTheDeclaredOnesWithAgesAndNoneForMissingValues() throws Exception {
    List<JsonNode> columns = List.of(
        json("{'name':'Age','type':'date','jsonPath':'.metadata.creationTimestamp','priority':0}"),
        json("{'name':'Discord','type':'string','jsonPath':'.status.conditions[?(@.type==\\\"DiscordSynced\\\")].reason','priority':1}"),
        json("{'name':'Members','type':'integer','jsonPath':'.status.memberCount','priority':0}"));
    JsonNode group = json("{'metadata':{'name':'g3','namespace':'course','creationTimestamp':'2027-01-01T11:55:00Z'},"
        + "'status':{'conditions':[{'type':'DiscordSynced','reason':'Synced'}]}}");

    JsonNode table = PrinterTable.of(columns, List.of(group), "42", "", NOW);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age", "Discord",
        "Members");
    assertThat(table.path("columnDefinitions").get(2).path("priority").asInt()).isEqualTo(1);
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(0).asText()).isEqualTo("g3");
    assertThat(cells.get(1).asText()).isEqualTo("5m");
    assertThat(cells.get(2).asText()).isEqualTo("Synced");
    assertThat(cells.get(3).isNull()).isTrue();
    assertThat(table.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(table.path("rows").get(0).path("object").path("metadata").path("namespace").asText())
        .isEqualTo("course");
  }

  @Test
  void writesAgesAsKubectlDoes() {
    assertThat(PrinterTable.age(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(PrinterTable.age(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(PrinterTable.age(Duration.ofMinutes(17))).isEqualTo("17m");
    assertThat(PrinterTable.age(Duration.ofMinutes(5 * 60 + 4))).isEqualTo("5h4m");
    assertThat(PrinterTable.age(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(PrinterTable.age(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(PrinterTable.age(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(PrinterTable.age(Duration.ofSeconds(-3))).isEqualTo("0s");
  }
}
