package dev.study.operator.reconcile;

import dev.study.operator.api.StudyGroup;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on a group: Warnings for failures, Normal ones for changes. Each is created once and
 * never patched (so RBAC needs only create on events): the callers already emit one per transition or per
 * reconcile that changed something, not one per write. A failure to record an event is logged, never fatal.
 */
public final class KubernetesEventWriter implements KubernetesEvents {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventWriter.class);
  private static final String COMPONENT = "studygroup-operator";
  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesEventWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void warn(StudyGroup group, String reason, String message) {
    record(group, "Warning", reason, message);
  }

  @Override
  public void normal(StudyGroup group, String reason, String message) {
    record(group, "Normal", reason, message);
  }

  private void record(StudyGroup group, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var meta = group.getMetadata();
    var event = new EventBuilder()
        .withNewMetadata()
          .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(meta.getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(group.getApiVersion())
          .withKind(group.getKind())
          .withName(meta.getName())
          .withNamespace(meta.getNamespace())
          .withUid(meta.getUid())
          .withResourceVersion(meta.getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
    }
  }
}
