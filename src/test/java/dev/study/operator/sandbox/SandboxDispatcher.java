package dev.study.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.study.operator.testing.CrdValidator;
import dev.study.operator.testing.FieldError;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with what real kubectl needs of an API server and the mock lacks: discovery documents
 * built from the stored CRDs, and StudyGroup writes checked with the test suite's {@link CrdValidator}, answered
 * with a Kubernetes {@code Status} (422 Invalid naming the field, 400 for unknown fields) as a cluster would.
 *
 * <p>Writes are serialised here, so a JSON patch's {@code test} operations see the same object that the mock
 * then patches: a failed test is a 422, as on a real API server, and never a half-applied patch.
 *
 * <p>Every stored change is also written to a {@link WatchLog}, from which {@link ApiFront} serves HTTP watches;
 * and a StudyGroup write that passes validation is shown to a hook before it is stored, so that the sandbox's
 * world can gain what the group names before the operator sees the group ({@link WorldFollower}).
 */
final class SandboxDispatcher extends KubernetesCrudDispatcher {
  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String APPLY_PATCH = "application/apply-patch";

  private final CrdValidator validator;
  private final String group;
  private final String plural;
  private final Pattern studyGroupPath;
  private final ReentrantLock writes = new ReentrantLock();
  private final WatchLog watchLog = new WatchLog();
  private volatile Consumer<JsonNode> beforeStudyGroupStored = group -> { };
  private volatile JsonNode concurrentEdit;
  private volatile String concurrentEditTarget;

  SandboxDispatcher(CrdValidator validator) {
    this.validator = validator;
    JsonNode spec = validator.crd().path("spec");
    this.group = spec.path("group").asText();
    this.plural = spec.path("names").path("plural").asText();
    this.studyGroupPath = Pattern.compile("^/apis/" + Pattern.quote(group) + "/[^/]+/namespaces/([^/]+)/"
        + Pattern.quote(plural) + "(?:/([^/]+))?(/status)?$");
  }

  WatchLog watchLog() {
    return watchLog;
  }

  /** Called with each accepted StudyGroup create, update or patch result, inside the write lock, before storing. */
  void beforeStudyGroupStored(Consumer<JsonNode> hook) {
    beforeStudyGroupStored = hook;
  }

  /**
   * A test's "someone else got there first": before the next JSON patch of the StudyGroup named, this JSON patch
   * is applied to it as a separate write, so the client's patch meets a group that changed since it read it.
   */
  void beforeNextJsonPatchOf(String name, JsonNode jsonPatch) {
    concurrentEditTarget = name;
    concurrentEdit = jsonPatch;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    Map.Entry<AttributeSet, String> before = oldAttributes == null ? null : findResource(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    try {
      if (newState == null) {
        if (before != null) {
          // a deletion gets a resourceVersion of its own, newer than any list taken before it
          watchLog.record(new WatchLog.Event(requestResourceVersion(), "DELETED", JSON.readTree(before.getValue())));
        }
      } else if (before == null || !before.getValue().equals(newState)) {
        JsonNode object = JSON.readTree(newState);
        long version = parseVersion(object.path("metadata").path("resourceVersion").asText());
        watchLog.record(new WatchLog.Event(version, before == null ? "ADDED" : "MODIFIED", object));
      }
    } catch (IOException e) {
      throw new IllegalStateException("the mock stored something that is not JSON", e);
    }
  }

  static long parseVersion(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String fullPath = request.getPath();
    String path = fullPath.contains("?") ? fullPath.substring(0, fullPath.indexOf('?')) : fullPath;
    if ("GET".equals(method)) {
      Optional<JsonNode> document = Discovery.document(path, storedCrds());
      if (document.isPresent()) {
        return json(200, document.get().toString());
      }
      if (path.startsWith("/openapi/")) {
        return status(404, "NotFound", "the sandbox's mock API server serves no OpenAPI documents", null);
      }
      return super.dispatch(request);
    }
    if (query(fullPath).containsKey("dryRun")) {
      // the mock would really write; refusing is the honest answer
      return status(400, "BadRequest", "dry runs are not supported by the sandbox's mock API server", null);
    }
    writes.lock();
    try {
      applyConcurrentEdit(method, request, path);
      request = mergePatchAsJsonPatch(request, method, fullPath);
      MockResponse rejection = reject(request, request.getMethod(), fullPath, path);
      return rejection != null ? rejection : super.dispatch(request);
    } finally {
      writes.unlock();
    }
  }

  private void applyConcurrentEdit(String method, RecordedRequest request, String path) {
    JsonNode edit = concurrentEdit;
    Matcher target = studyGroupPath.matcher(path);
    if (edit == null || !"PATCH".equals(method) || !target.matches() || target.group(3) != null
        || !Optional.ofNullable(request.getHeader("Content-Type")).orElse("").startsWith(JSON_PATCH)
        || !concurrentEditTarget.equals(target.group(2))) {
      return;
    }
    concurrentEdit = null;
    var headers = request.getHeaders().newBuilder().set("Content-Type", JSON_PATCH).build();
    MockResponse answer = super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(),
        request.getPath(), headers, new io.fabric8.mockwebserver.http.Buffer(edit.toString().getBytes(
            java.nio.charset.StandardCharsets.UTF_8))));
    if (answer.code() >= 300) {
      throw new IllegalStateException("the concurrent edit failed: " + answer.getBody().readUtf8());
    }
  }

  /**
   * Rewrites a JSON merge patch into the JSON patch that has the effect RFC 7386 gives it (lists replaced whole),
   * since the mock would merge lists element by element. Other requests pass unchanged.
   */
  private RecordedRequest mergePatchAsJsonPatch(RecordedRequest request, String method, String fullPath) {
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    if (!"PATCH".equals(method) || !contentType.startsWith(MERGE_PATCH)) {
      return request;
    }
    try {
      Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> current = findResource(getKey(fullPath));
      if (current == null) {
        return request;
      }
      JsonNode stored = JSON.readTree(current.getValue());
      JsonNode merged = MergePatch.apply(stored, JSON.readTree(readBody(request)));
      byte[] jsonPatch = JSON.writeValueAsBytes(io.fabric8.zjsonpatch.JsonDiff.asJson(stored, merged));
      var headers = request.getHeaders().newBuilder().set("Content-Type", JSON_PATCH).build();
      return new RecordedRequest(request.getHttpVersion(), request.method(), fullPath, headers,
          new io.fabric8.mockwebserver.http.Buffer(jsonPatch));
    } catch (IOException e) {
      return request; // not JSON: the normal path answers 400
    }
  }

  /** The answer a real API server would give instead of storing the write, or null to let the mock store it. */
  private MockResponse reject(RecordedRequest request, String method, String fullPath, String path) {
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    if ("PATCH".equals(method) && contentType.startsWith(APPLY_PATCH)) {
      return status(415, "UnsupportedMediaType", "server-side apply is not supported by the sandbox's mock API "
          + "server: use client-side kubectl apply, or a JSON or merge patch (docs/patch-recipes.md)", null);
    }
    Matcher target = studyGroupPath.matcher(path);
    boolean patch = "PATCH".equals(method);
    boolean jsonPatch = patch && contentType.startsWith(JSON_PATCH);
    boolean studyGroupWrite = target.matches() && target.group(3) == null
        && ("POST".equals(method) && target.group(2) == null || ("PUT".equals(method) || patch) && target.group(2) != null);
    boolean put = "PUT".equals(method);
    if (!studyGroupWrite && !jsonPatch && !put && !(patch && contentType.startsWith(MERGE_PATCH))) {
      return null;
    }
    String body = readBody(request);
    JsonNode result;
    JsonNode stored = null;
    try {
      if (patch || put) {
        Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> current = findResource(getKey(fullPath));
        if (current == null) {
          return null; // the mock answers 404
        }
        stored = JSON.readTree(current.getValue());
      }
      if (patch) {
        if (jsonPatch) {
          result = JsonPatch.apply(JSON.readTree(body), stored);
        } else if (contentType.startsWith(MERGE_PATCH)) {
          result = merge(stored, body);
        } else {
          return null; // strategic merge: the mock answers 415, as a real server does for custom resources
        }
      } else {
        result = JSON.readTree(body);
      }
    } catch (IOException | KubernetesCrudDispatcherException e) {
      return status(400, "BadRequest", "the request body is not valid JSON: " + e.getMessage(), null);
    } catch (JsonPatchException e) {
      // a failed test operation, or a path that does not exist; worded like the API server's json-patch errors
      String where = e.getPath() == null ? "" : e.getOperation().name().toLowerCase() + " " + e.getPath() + ": ";
      return status(422, "Invalid", "the server rejected our request due to an error in our request: " + where
          + e.getMessage(), null);
    }
    if (stored != null && !path.endsWith("/status")) {
      String expected = result.path("metadata").path("resourceVersion").asText("");
      String actual = stored.path("metadata").path("resourceVersion").asText("");
      if (!expected.isEmpty() && !expected.equals(actual)) {
        // the mock answers this 409 with an "Invalid" status body; kubectl should print what a cluster says
        return status(409, "Conflict", "Operation cannot be fulfilled on " + resourceOf(path) + " \""
            + stored.path("metadata").path("name").asText() + "\": the object has been modified; please apply your"
            + " changes to the latest version and try again", null);
      }
    }
    if (!studyGroupWrite || !result.isObject()) {
      return null;
    }
    CrdValidator.Verdict verdict = validator.validate(result);
    if (verdict.accepted()) {
      try {
        beforeStudyGroupStored.accept(result);
      } catch (RuntimeException e) {
        System.err.println("sandbox: could not add to the world what " + result.path("metadata").path("name")
            .asText() + " names: " + e);
      }
      return null;
    }
    boolean badRequest = verdict.httpStatus() == 400;
    return status(verdict.httpStatus(), badRequest ? "BadRequest" : "Invalid", verdict.message(),
        badRequest ? null : details(verdict));
  }

  /** {@code studygroups.study.dev} from {@code /apis/study.dev/v1alpha1/namespaces/n/studygroups/x}. */
  private static String resourceOf(String path) {
    String[] parts = path.split("/");
    boolean core = parts.length > 1 && parts[1].equals("api");
    int namespaced = java.util.Arrays.asList(parts).indexOf("namespaces");
    int at = namespaced >= 0 && parts.length > namespaced + 2 ? namespaced + 2 : (core ? 3 : 4);
    String resource = at < parts.length ? parts[at] : "";
    return core ? resource : resource + "." + parts[2];
  }

  private ObjectNode details(CrdValidator.Verdict verdict) {
    ObjectNode details = JSON.createObjectNode()
        .put("name", verdict.name()).put("group", group).put("kind", verdict.kind());
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : verdict.errors()) {
      causes.addObject().put("reason", error.type()).put("message", error.message()).put("field", error.field());
    }
    return details;
  }

  JsonNode storedCrds() {
    MockResponse list = super.handleGet(CRD_PATH);
    try {
      return JSON.readTree(list.getBody().readUtf8()).path("items");
    } catch (IOException e) {
      throw new IllegalStateException("the mock's CRD list is not JSON", e);
    }
  }

  /** Reads the body and puts it back: the mock's buffer empties as it is read. */
  private static String readBody(RecordedRequest request) {
    if (request.getBody() == null) {
      return "";
    }
    byte[] bytes = request.getBody().readByteArray();
    request.getBody().write(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String fullPath) {
    Map<String, String> out = new java.util.HashMap<>();
    int at = fullPath.indexOf('?');
    if (at >= 0) {
      for (String pair : fullPath.substring(at + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return out;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** A {@code metav1.Status} failure, the body kubectl turns into "Error from server (Reason): message". */
  static MockResponse status(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return json(code, status.toString());
  }
}
