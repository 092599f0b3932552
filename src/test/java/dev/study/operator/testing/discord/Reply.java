package dev.study.operator.testing.discord;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** One REST answer: status, JSON body (none for 204) and extra headers. */
final class Reply {
  final int status;
  final String body;
  final Map<String, String> headers = new LinkedHashMap<>();

  private Reply(int status, String body) {
    this.status = status;
    this.body = body;
  }

  static Reply json(int status, JsonObject body) {
    return new Reply(status, body.encode());
  }

  static Reply noContent() {
    return new Reply(204, null);
  }

  /** Discord's JSON error body {@code {"message", "code"}} (opcodes-and-status-codes.mdx, JSON Error Codes). */
  static Reply error(int status, int code, String message) {
    return json(status, new JsonObject().put("message", message).put("code", code));
  }

  static Reply unknownChannel() {
    return error(404, 10003, "Unknown Channel");
  }

  void send(HttpServerRequest req) {
    var response = req.response().setStatusCode(status);
    headers.forEach(response::putHeader);
    if (body == null) {
      response.end();
    } else {
      response.putHeader("content-type", "application/json").end(body);
    }
  }
}
