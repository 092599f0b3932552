package dev.study.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production logback.xml (tests run with logback-test.xml), loaded into a context of its own. */
class LogbackConfigTest {

  @Test
  void jsonFormatWritesOneJsonLineWithTheGroupFromJosdksMdc() throws Exception {
    LoggerContext context = configured("json");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("text")).isNull();
    OutputStreamAppender<?> json = (OutputStreamAppender<?>) root.getAppender("json");
    assertThat(json).isNotNull();

    String line = encode(context, json, Map.of("resource.name", "g5", "resource.namespace", "course"));

    assertThat(line).endsWith("}\n").hasLineCount(1);
    JsonNode fields = new ObjectMapper().readTree(line);
    assertThat(fields.path("level").asText()).isEqualTo("INFO");
    assertThat(fields.path("formattedMessage").asText()).isEqualTo("course/g5 discord granted=1");
    assertThat(fields.path("mdc").path("resource.name").asText()).isEqualTo("g5");
    assertThat(fields.path("mdc").path("resource.namespace").asText()).isEqualTo("course");
    context.stop();
  }

  @Test
  void textIsTheDefault() throws Exception {
    LoggerContext context = configured(null);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("json")).isNull();
    OutputStreamAppender<?> text = (OutputStreamAppender<?>) root.getAppender("text");

    String line = encode(context, text, Map.of());

    assertThat(line).doesNotStartWith("{").contains("INFO", "course/g5 discord granted=1");
    context.stop();
  }

  private static LoggerContext configured(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    if (format != null) {
      context.putProperty("LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL config = LogbackConfigTest.class.getClassLoader().getResource("logback.xml");
    assertThat(config).isNotNull();
    configurator.doConfigure(config);
    return context;
  }

  @SuppressWarnings("unchecked")
  private static String encode(LoggerContext context, OutputStreamAppender<?> appender, Map<String, String> mdc) {
    Logger logger = context.getLogger("dev.study.operator.reconcile.StudyGroupReconciler");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "{} {}", null,
        new Object[] {"course/g5", "discord granted=1"});
    event.setMDCPropertyMap(mdc);
    Encoder<LoggingEvent> encoder = (Encoder<LoggingEvent>) appender.getEncoder();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}
