package dev.study.operator.config;

import dev.study.operator.schedule.ShortDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Typed reads of environment variables and the files they name, each error naming the variable. */
final class Settings {
  private final Map<String, String> env;

  Settings(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> text(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  Duration duration(String name, String fallback) {
    String value = text(name, fallback);
    try {
      Duration d = ShortDuration.parse(value);
      if (d.isZero()) {
        throw new ConfigException(name + " must be longer than zero, got \"" + value + "\"");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " must be a duration like 30s, 5m or 1h, got \"" + value + "\"");
    }
  }

  int integer(String name, int fallback, int min) {
    String value = text(name, Integer.toString(fallback));
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw new ConfigException(name + " must be at least " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got \"" + value + "\"");
    }
  }

  /** A fraction between 0 and 1, e.g. 0.25. */
  double fraction(String name, double fallback) {
    String value = text(name, Double.toString(fallback));
    try {
      double d = Double.parseDouble(value);
      if (!(d >= 0 && d <= 1)) {
        throw new ConfigException(name + " must be a fraction between 0 and 1, got " + value);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a fraction between 0 and 1 such as 0.25, got \"" + value + "\"");
    }
  }

  boolean flag(String name, boolean fallback) {
    String value = text(name, Boolean.toString(fallback)).toLowerCase();
    return switch (value) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(name + " must be true or false, got \"" + value + "\"");
    };
  }

  Set<String> list(String name) {
    Set<String> out = new LinkedHashSet<>();
    text(name).ifPresent(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add));
    return Set.copyOf(out);
  }

  /** A secret from NAME, or from the file named by NAME_FILE (as a mounted Kubernetes Secret provides it). */
  Optional<Secret> secret(String name) {
    Optional<String> direct = text(name);
    Optional<String> file = text(name + "_FILE");
    if (direct.isPresent() && file.isPresent()) {
      throw new ConfigException("set either " + name + " or " + name + "_FILE, not both");
    }
    if (direct.isPresent()) {
      return Optional.of(new Secret(direct.get()));
    }
    return file.map(path -> new Secret(readFile(name + "_FILE", path).trim()));
  }

  Optional<Path> existingFile(String name) {
    return text(name).map(path -> {
      Path p = Path.of(path);
      if (!Files.isReadable(p)) {
        throw new ConfigException(name + " names " + path + ", which is not a readable file");
      }
      return p;
    });
  }

  private static String readFile(String name, String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new ConfigException(name + " names " + path + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
