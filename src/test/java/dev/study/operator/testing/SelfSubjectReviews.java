package dev.study.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * fabric8's CRUD dispatcher, plus the answer a real API server gives to a SelfSubjectRulesReview (JOSDK posts one
 * before leader election to check its Lease permissions). The CRUD mock would store it as an object and refuses
 * it for lacking metadata; the API server instead answers 201 with the caller's rules. The rules given are the
 * Lease rules of helm/studygroup-operator/templates/rbac.yaml for an install with one named shard
 * ({@code shards: [{name: shard1}]}: the default shard's Lease and shard1's), so the check sees what the chart grants.
 */
final class SelfSubjectReviews extends KubernetesCrudDispatcher {
  private static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /** One-shot answers a test puts in front of the CRUD store: method, path pattern, status code, how many left. */
  private final java.util.List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> counts =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Fault(String method, java.util.regex.Pattern path, int code,
      java.util.concurrent.atomic.AtomicInteger left) {}

  SelfSubjectReviews() {
    super(List.of());
  }

  /** The next {@code times} requests of this method whose path (query dropped) matches the pattern answer {@code code}. */
  void fail(String method, String pathRegex, int code, int times) {
    faults.add(new Fault(method, java.util.regex.Pattern.compile(pathRegex), code,
        new java.util.concurrent.atomic.AtomicInteger(times)));
  }

  /** How many requests of this method reached a path matching the pattern, failed ones included. */
  int count(String method, String pathRegex) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pathRegex);
    return counts.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ")
        && p.matcher(e.getKey().substring(method.length() + 1)).matches())
        .mapToInt(e -> e.getValue().get()).sum();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath().split("\\?", 2)[0];
    counts.computeIfAbsent(request.getMethod() + " " + path, k -> new java.util.concurrent.atomic.AtomicInteger())
        .incrementAndGet();
    for (Fault f : faults) {
      if (f.method().equals(request.getMethod()) && f.path().matcher(path).matches()
          && f.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return new MockResponse().setResponseCode(f.code()).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + f.code()
                + ",\"message\":\"injected by the test\"}");
      }
    }
    if ("POST".equals(request.getMethod()) && request.getPath().startsWith(PATH)) {
      String body = """
          {"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{},
           "spec":{},
           "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
             {"verbs":["create"],"apiGroups":["coordination.k8s.io"],"resources":["leases"]},
             {"verbs":["get","update","patch"],"apiGroups":["coordination.k8s.io"],"resources":["leases"],
              "resourceNames":["studygroup-operator","studygroup-operator-shard1"]}]}}""";
      return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(body);
    }
    return super.dispatch(request);
  }
}
