package dev.study.operator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where PostgreSQL is. DATABASE_URL may be a JDBC URL or a postgres:// URL; credentials may also come apart. */
public record DatabaseSettings(String jdbcUrl, String user, Secret password) {

  static Optional<DatabaseSettings> from(Settings s) {
    Optional<String> url = s.text("DATABASE_URL");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String user = s.text("DATABASE_USER").orElse(null);
    Secret password = s.secret("DATABASE_PASSWORD").orElse(null);
    String raw = url.get();
    if (raw.startsWith("jdbc:postgresql:")) {
      return Optional.of(new DatabaseSettings(raw, user, password));
    }
    if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
      try {
        URI uri = new URI(raw);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
          String[] parts = userInfo.split(":", 2);
          user = user != null ? user : decode(parts[0]);
          if (parts.length == 2 && password == null) {
            password = new Secret(decode(parts[1]));
          }
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return Optional.of(new DatabaseSettings(
            "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password));
      } catch (URISyntaxException | RuntimeException e) {
        throw new ConfigException("DATABASE_URL is not a valid postgres:// URL");
      }
    }
    throw new ConfigException("DATABASE_URL must start with jdbc:postgresql: or postgres://");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
  }
}
