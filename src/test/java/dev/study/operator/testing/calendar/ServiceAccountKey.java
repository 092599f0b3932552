package dev.study.operator.testing.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A service-account key file made for one test: a fresh RSA key, and a token_uri pointing at the fake. The
 * private key's PEM is kept so tests can check it never leaks.
 */
public record ServiceAccountKey(Path file, String clientEmail, String keyId, String privateKeyPem,
    RSAPublicKey publicKey) {

  /** Writes the key file into dir; the fake must be told of the key (FakeCalendar#trust) to accept it. */
  public static ServiceAccountKey write(Path dir, String tokenUri) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String keyId = UUID.randomUUID().toString().replace("-", "");
    String email = "operator-" + keyId.substring(0, 8) + "@studygroup-test.iam.gserviceaccount.com";
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Map<String, String> json = new LinkedHashMap<>();
    json.put("type", "service_account");
    json.put("project_id", "studygroup-test");
    json.put("private_key_id", keyId);
    json.put("private_key", pem);
    json.put("client_email", email);
    json.put("client_id", "1000000000" + Math.abs(keyId.hashCode()));
    json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    json.put("token_uri", tokenUri);
    Path file = dir.resolve("service-account-" + keyId.substring(0, 8) + ".json");
    Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return new ServiceAccountKey(file, email, keyId, pem, (RSAPublicKey) pair.getPublic());
  }

  /** The base64 body of the private key, the part that must never appear anywhere. */
  public String privateKeyBody() {
    return privateKeyPem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replace("\n", "");
  }
}
