package dev.study.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One study group: its members, schedule and the outside systems kept in step with them. */
@Group(StudyGroup.GROUP)
@Version(StudyGroup.VERSION)
// `sg` is also Kube-OVN's SecurityGroup short name. It stays: every doc, recipe and script here uses it, kubectl
// 1.29+ warns when a short name is ambiguous (kubernetes/kubernetes#117668), and `studygroup` and the `study`
// category below are never ambiguous. See docs/install.md.
@ShortNames("sg")
// `kubectl get study` lists StudyGroups (and any later kind of this API); the kind does not join `all`.
@Categories("study")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Members", jsonPath = ".status.memberCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Meetings", jsonPath = ".status.meetingCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Discord", jsonPath = ".status.conditions[?(@.type==\"DiscordSynced\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Calendar", jsonPath = ".status.conditions[?(@.type==\"CalendarSynced\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "has(self.spec)", message = "spec is required", reason = "FieldValueRequired",
    fieldPath = ".spec")
public class StudyGroup extends CustomResource<StudyGroupSpec, StudyGroupStatus> implements Namespaced {
  public static final String GROUP = "study.dev";
  public static final String VERSION = "v1alpha1";
}
