package dev.study.operator.testing.calendar;

import static dev.study.operator.testing.calendar.GoogleErrors.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import dev.study.operator.testing.calendar.GoogleErrors.Reply;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The OAuth token endpoint for the jwt-bearer grant a service account uses: it verifies the RS256 JWT against a
 * trusted key and its {@code kid}, and issues an access token for the impersonated user ({@code sub}) or the
 * service account itself.
 */
final class TokenEndpoint {
  private final CalendarStore store;
  private final CalendarFaults faults;
  private final Map<String, RSAPublicKey> trustedKeys = new ConcurrentHashMap<>();
  private final Map<String, String> trustedKeyIds = new ConcurrentHashMap<>();
  /** Access token to the caller it was minted for. */
  private final Map<String, Caller> issuedTokens = new ConcurrentHashMap<>();
  private final List<Map<String, Object>> tokenClaims = new CopyOnWriteArrayList<>();

  /** Who a token speaks for: the impersonated user (delegated, the JWT had sub) or the service account itself. */
  record Caller(String user, boolean delegated) {}

  TokenEndpoint(CalendarStore store, CalendarFaults faults) {
    this.store = store;
    this.faults = faults;
  }

  void trust(ServiceAccountKey key) {
    trustedKeys.put(key.clientEmail(), key.publicKey());
    trustedKeyIds.put(key.clientEmail(), key.keyId());
  }

  /** The caller of an {@code Authorization: Bearer} header, or null for a token the fake never issued. */
  Caller caller(String authorization) {
    return authorization.startsWith("Bearer ") ? issuedTokens.get(authorization.substring("Bearer ".length())) : null;
  }

  List<Map<String, Object>> tokenClaims() {
    return List.copyOf(tokenClaims);
  }

  /** Verifies the service account's JWT (RS256, signed by a trusted key) and issues an access token. */
  @SuppressWarnings("unchecked")
  Reply token(String form) {
    QueryString params = QueryString.parse(form);
    FaultRule fault = faults.faultFor(FakeCalendar.TOKEN, "/token");
    if (fault != null) {
      return Reply.of(fault.status(), JSON.createObjectNode().put("error", "server_error"));
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(params.first("grant_type"))) {
      return refused("unsupported_grant_type", "Invalid grant_type");
    }
    String assertion = params.first("assertion");
    String[] jwt = assertion == null ? new String[0] : assertion.split("\\.");
    if (jwt.length != 3) {
      return refused("invalid_grant", "Invalid JWT");
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(b64.decode(jwt[0]));
      JsonNode claims = JSON.readTree(b64.decode(jwt[1]));
      String issuer = claims.path("iss").asText();
      RSAPublicKey key = trustedKeys.get(issuer);
      if (key == null || !"RS256".equals(header.path("alg").asText())
          || !header.path("kid").asText().equals(trustedKeyIds.get(issuer))) {
        return refused("invalid_grant", "Invalid JWT Signature.");
      }
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(b64.decode(jwt[2]))) {
        return refused("invalid_grant", "Invalid JWT Signature.");
      }
      if (claims.path("exp").asLong() < store.clock().instant().getEpochSecond() - 300 && claims.path("exp").asLong()
          < Instant.now().getEpochSecond()) {
        return refused("invalid_grant", "Invalid JWT: Token must be a short-lived token");
      }
      if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/calendar")) {
        return refused("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
      }
      tokenClaims.add(JSON.convertValue(claims, Map.class));
      String token = "ya29.fake-" + Integer.toHexString(store.next());
      String subject = claims.path("sub").asText(null);
      issuedTokens.put(token, subject == null ? new Caller(issuer, false) : new Caller(subject, true));
      return Reply.of(200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
          .put("expires_in", 3599));
    } catch (Exception e) {
      return refused("invalid_grant", "Invalid JWT");
    }
  }

  private static Reply refused(String error, String description) {
    return Reply.of(400, JSON.createObjectNode().put("error", error).put("error_description", description));
  }
}
