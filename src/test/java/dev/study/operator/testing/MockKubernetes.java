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

  private MockKubernetes(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static MockKubernetes start() {
    var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new SelfSubjectReviews(), false);
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
    return new MockKubernetes(server, client);
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
