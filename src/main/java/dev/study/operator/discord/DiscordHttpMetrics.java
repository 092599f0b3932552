package dev.study.operator.discord;

import dev.study.operator.metrics.OutboundMetrics;
import dev.study.operator.metrics.OutboundMetrics.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records every HTTP request JDA sends to Discord's REST API. It sits in JDA's OkHttp client rather than around
 * our own calls because JDA waits out and repeats a 429 by itself: only here is each 429 seen, and the
 * StudyGroupDiscordRateLimited alert counts them. The operation is the route's kind, from a closed list; ids in
 * the path never become labels.
 */
final class DiscordHttpMetrics implements Interceptor {
  static final String SYSTEM = "discord";
  private static final String ID = "/\\d+";
  private static final List<Route> ROUTES = List.of(
      new Route("PUT", "/channels" + ID + "/permissions" + ID, "put_overwrite"),
      new Route("DELETE", "/channels" + ID + "/permissions" + ID, "delete_overwrite"),
      new Route("GET", "/guilds" + ID + "/members" + ID, "get_member"),
      new Route("POST", "/channels" + ID + "/messages", "send_message"),
      new Route("POST", "/users/@me/channels", "open_dm"));

  private record Route(String method, Pattern path, String operation) {
    Route(String method, String path, String operation) {
      this(method, Pattern.compile(".*" + path + "/?$"), operation);
    }
  }

  private final OutboundMetrics metrics;

  DiscordHttpMetrics(OutboundMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String operation = operation(request.method(), request.url().encodedPath());
    long start = metrics.startNanos();
    try {
      Response response = chain.proceed(request);
      metrics.record(SYSTEM, operation, Outcome.ofStatus(response.code()), start);
      return response;
    } catch (IOException e) {
      metrics.record(SYSTEM, operation, Outcome.TIMEOUT, start);
      throw e;
    }
  }

  /** The route's kind, or "other" for what JDA calls on its own (login, gateway lookups). */
  static String operation(String method, String path) {
    for (Route r : ROUTES) {
      if (r.method().equals(method) && r.path().matcher(path).matches()) {
        return r.operation();
      }
    }
    return "other";
  }
}
