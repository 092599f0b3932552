package dev.study.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * fabric8's CRUD dispatcher, plus the answer a real API server gives to a SelfSubjectRulesReview (JOSDK posts one
 * before leader election to check its Lease permissions). The CRUD mock would store it as an object and refuses
 * it for lacking metadata; the API server instead answers 201 with the caller's rules. The rules given are the
 * Lease rules of helm/studygroup-operator/templates/rbac.yaml, so the check sees what the chart grants.
 */
final class SelfSubjectReviews extends KubernetesCrudDispatcher {
  private static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  SelfSubjectReviews() {
    super(List.of());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if ("POST".equals(request.getMethod()) && request.getPath().startsWith(PATH)) {
      String body = """
          {"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{},
           "spec":{},
           "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
             {"verbs":["create"],"apiGroups":["coordination.k8s.io"],"resources":["leases"]},
             {"verbs":["get","update","patch"],"apiGroups":["coordination.k8s.io"],"resources":["leases"],
              "resourceNames":["studygroup-operator"]}]}}""";
      return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(body);
    }
    return super.dispatch(request);
  }
}
