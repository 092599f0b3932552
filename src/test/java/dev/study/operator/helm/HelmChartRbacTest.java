package dev.study.operator.helm;

import static dev.study.operator.helm.HelmCharts.LEASE_RULES;
import static dev.study.operator.helm.HelmCharts.OPERATOR_RULES;
import static dev.study.operator.helm.HelmCharts.all;
import static dev.study.operator.helm.HelmCharts.clusterRole;
import static dev.study.operator.helm.HelmCharts.env;
import static dev.study.operator.helm.HelmCharts.render;
import static dev.study.operator.helm.HelmCharts.role;
import static dev.study.operator.helm.HelmCharts.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RBAC the chart grants: exactly the rules the operator uses, the Lease rules, the people-facing roles.
 * Rendered with the real Helm library (helm-java), see {@link HelmCharts}.
 */
class HelmChartRbacTest {
  @Test
  void grantsExactlyTheRulesTheOperatorUsesClusterWide() {
    List<HasMetadata> objects = render(Map.of());
    assertThat(rules(clusterRole(objects, "sg-studygroup-operator").getRules())).containsExactlyElementsOf(OPERATOR_RULES);
    var binding = all(objects, io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class).get(0);
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("sg-studygroup-operator");
      assertThat(s.getNamespace()).isEqualTo("operators");
    });
    assertThat(rules(role(objects, "sg-studygroup-operator-leader-election", "operators").getRules()))
        .containsExactlyElementsOf(LEASE_RULES);
    assertThat(all(objects, Role.class)).hasSize(1);
    assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("sg-studygroup-operator", "studygroups-view", "studygroups-edit");
  }

  @Test
  void grantsExactlyTheRulesTheOperatorUsesPerWatchedNamespace() {
    List<HasMetadata> objects = render(Map.of("watchNamespaces[0]", "course", "watchNamespaces[1]", "cohort8",
        "leaderElectionLease", "sgo-lease"));
    for (String ns : List.of("course", "cohort8")) {
      assertThat(rules(role(objects, "sg-studygroup-operator", ns).getRules())).containsExactlyElementsOf(OPERATOR_RULES);
    }
    assertThat(all(objects, RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace() + "/"
        + b.getRoleRef().getName()).containsExactlyInAnyOrder("course/sg-studygroup-operator",
        "cohort8/sg-studygroup-operator", "operators/sg-studygroup-operator-leader-election");
    assertThat(rules(role(objects, "sg-studygroup-operator-leader-election", "operators").getRules()))
        .containsExactly("coordination.k8s.io leases [] create", "coordination.k8s.io leases [sgo-lease] get,update,patch");
    assertThat(env(objects)).containsEntry("LEADER_ELECTION_LEASE", "sgo-lease");
    // only the people-facing roles are cluster-wide
    assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("studygroups-view", "studygroups-edit");
    assertThat(objects).noneMatch(o -> "ClusterRoleBinding".equals(o.getKind()));
  }

  @Test
  void aggregatesViewAndEditRolesForPeopleAndTheirTools() {
    List<HasMetadata> objects = render(Map.of());
    ClusterRole view = clusterRole(objects, "studygroups-view");
    assertThat(view.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(rules(view.getRules())).containsExactly("study.dev studygroups,studygroups/status [] get,list,watch");
    ClusterRole edit = clusterRole(objects, "studygroups-edit");
    assertThat(edit.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    // people edit spec; only the operator writes status
    assertThat(rules(edit.getRules())).containsExactly("study.dev studygroups [] create,update,patch,delete,deletecollection");

    assertThat(all(render(Map.of("rbac.aggregateClusterRoles", false)), ClusterRole.class))
        .extracting(r -> r.getMetadata().getName()).containsExactly("sg-studygroup-operator");
  }

  @Test
  void leavesOutTheLeaseRulesWithoutLeaderElection() {
    List<HasMetadata> objects = render(Map.of("leaderElection", false, "replicas", 1));
    assertThat(all(objects, Role.class)).isEmpty();
    assertThat(env(objects)).containsEntry("LEADER_ELECTION", "false").doesNotContainKey("LEADER_ELECTION_LEASE");
  }

  @Test
  void refusesSeveralReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> render(Map.of("leaderElection", false, "replicas", 2)))
        .hasMessageContaining("replicas > 1 needs leaderElection: true");
  }
}
