package dev.study.operator.testing.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Google's error bodies and status texts, as the Calendar API and its batch endpoint send them. */
final class GoogleErrors {
  static final ObjectMapper JSON = new ObjectMapper();

  private GoogleErrors() {}

  /** One answer of the fake: status, JSON body (none for 204), and whether to drop the connection instead. */
  record Reply(int status, String json, boolean drop) {
    static Reply of(int status, JsonNode body) {
      return new Reply(status, body == null ? null : body.toString(), false);
    }

    static Reply error(int status, String reason) {
      return of(status, GoogleErrors.error(status, reason));
    }
  }

  /** Google's error body: {"error":{"code","message","errors":[{"domain","reason","message"}]}}. */
  static ObjectNode error(int code, String reason) {
    return error(code, reason, messageFor(reason));
  }

  static ObjectNode error(int code, String reason, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    String domain = switch (reason) {
      case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded" -> "usageLimits";
      case FakeCalendar.FORBIDDEN_FOR_SERVICE_ACCOUNTS -> "calendar";
      default -> "global";
    };
    error.putArray("errors").addObject().put("domain", domain).put("reason", reason).put("message", message);
    return body;
  }

  private static String messageFor(String reason) {
    return switch (reason) {
      case "rateLimitExceeded" -> "Rate Limit Exceeded";
      case "dailyLimitExceeded" -> "Daily Limit Exceeded";
      case "userRateLimitExceeded" -> "User Rate Limit Exceeded";
      case "notFound" -> "Not Found";
      case "duplicate" -> "The requested identifier already exists.";
      case "deleted" -> "Resource has been deleted";
      case "authError" -> "Invalid Credentials";
      case "forbidden", "requiredAccessLevel" -> "You need to have writer access to this calendar.";
      case "backendError" -> "Backend Error";
      default -> reason;
    };
  }

  static String statusText(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
