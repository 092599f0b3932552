package dev.study.operator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the private key out of a Google service-account file, only so that it can be masked in output. */
final class ServiceAccountKey {
  private ServiceAccountKey() {}

  /** The whole key and each of its PEM lines: a stack trace or error body may carry a fragment. */
  static List<String> secretParts(Path file) {
    List<String> parts = new ArrayList<>();
    try {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      String key = json.path("private_key").asText("");
      if (!key.isEmpty()) {
        parts.add(key);
        for (String line : key.split("\\R")) {
          if (!line.startsWith("-----") && line.length() >= 16) {
            parts.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw new ConfigException("GOOGLE_APPLICATION_CREDENTIALS is not a readable service-account JSON file");
    }
    return parts;
  }
}
