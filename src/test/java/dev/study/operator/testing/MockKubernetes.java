package dev.study.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode on 127.0.0.1, with the generated StudyGroup CRD installed. */
public final class MockKubernetes implements AutoCloseable {
  public static final String CRD_RESOURCE = "META-INF/fabric8/studygroups.study.dev-v1.yml";
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final SelfSubjectReviews dispatcher;

  private MockKubernetes(KubernetesMockServer server, KubernetesClient client, SelfSubjectReviews dispatcher) {
    this.server = server;
    this.client = client;
    this.dispatcher = dispatcher;
  }

  /**
   * The next {@code times} requests of this method on a path matching the regex (query dropped) answer
   * {@code code} with a Status body, before the CRUD store sees them. fabric8's {@code server.expect()} cannot do
   * this here: in CRUD mode the server's dispatcher is the CRUD one, which never reads the expectations.
   */
  public void fail(String method, String pathRegex, int code, int times) {
    dispatcher.fail(method, pathRegex, code, times);
  }

  /** Requests of this method that reached a path matching the regex, failed ones included. */
  public int count(String method, String pathRegex) {
    return dispatcher.count(method, pathRegex);
  }

  public static MockKubernetes start() {
    var dispatcher = new SelfSubjectReviews();
    var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    try (InputStream crd = MockKubernetes.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is missing: run mvn process-classes first");
      }
      CustomResourceDefinition definition = client.apiextensions().v1().customResourceDefinitions().load(crd).item();
      client.apiextensions().v1().customResourceDefinitions().resource(definition).create();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return new MockKubernetes(server, client, dispatcher);
  }

  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // MockWebServer waits a fixed time for Vert.x to close its open watch sockets; on a loaded 2-core machine
      // that wait can run out after the test itself has passed. The server is on a free port of its own, so a
      // slow close harms nothing that follows.
      if (!(e.getCause() instanceof java.util.concurrent.TimeoutException)) {
        throw e;
      }
    }
  }
}
