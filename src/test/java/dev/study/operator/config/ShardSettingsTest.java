package dev.study.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** WATCH_LABEL_SELECTOR and SHARD_NAME: which groups an operator watches, and whose Lease it elects a leader on. */
class ShardSettingsTest {

  @Test
  void watchesEveryGroupAndUsesTheOneLeaseWhenUnsharded() {
    OperatorConfig c = OperatorConfig.load(Map.of());
    assertThat(c.watchLabelSelector()).isEmpty();
    assertThat(c.shard()).isEmpty();
    assertThat(c.leaseName()).isEqualTo("studygroup-operator");
  }

  @Test
  void aNamedShardGetsALeaseOfItsOwn() {
    OperatorConfig c = OperatorConfig.load(Map.of("SHARD_NAME", "shard1",
        "WATCH_LABEL_SELECTOR", "sharding.study.dev/key in (shard1)"));
    assertThat(c.shard()).contains("shard1");
    assertThat(c.leaseName()).isEqualTo("studygroup-operator-shard1");
    assertThat(c.watchLabelSelector()).map(LabelSelector::text).contains("sharding.study.dev/key in (shard1)");
  }

  @Test
  void anExplicitLeaseNameWinsOverTheShardsName() {
    assertThat(OperatorConfig.load(Map.of("SHARD_NAME", "shard1", "LEADER_ELECTION_LEASE", "sgo-shard1")).leaseName())
        .isEqualTo("sgo-shard1");
  }

  @Test
  void theDefaultShardKeepsTheUnshardedLease() {
    // so that turning an unsharded install into a sharded one hands leadership over instead of doubling it
    OperatorConfig c = OperatorConfig.load(Map.of("WATCH_LABEL_SELECTOR", "!sharding.study.dev/key"));
    assertThat(c.leaseName()).isEqualTo("studygroup-operator");
    assertThat(c.watchLabelSelector()).map(LabelSelector::text).contains("!sharding.study.dev/key");
  }

  @Test
  void acceptsEveryFormOfRequirementTheApiServerReads() {
    for (String selector : new String[] {
        "sharding.study.dev/key",
        "!sharding.study.dev/key",
        "! sharding.study.dev/key",
        "sharding.study.dev/key=shard1",
        "sharding.study.dev/key==shard1",
        "sharding.study.dev/key != shard1",
        "sharding.study.dev/key in (shard1)",
        "sharding.study.dev/key in (shard1, shard2)",
        "sharding.study.dev/key notin (shard1,shard2),team=maths",
        "tier=",
        "app.kubernetes.io/part-of=studygroups,!sharding.study.dev/key"}) {
      assertThat(OperatorConfig.load(Map.of("WATCH_LABEL_SELECTOR", selector)).watchLabelSelector())
          .as(selector).isPresent();
    }
  }

  @Test
  void refusesASelectorTheApiServerWouldRefuseNamingTheSetting() {
    for (String selector : new String[] {
        "sharding.study.dev/key in shard1",
        "sharding.study.dev/key in (shard1",
        "sharding.study.dev/key in ((shard1))",
        "sharding.study.dev/key=shard 1",
        "sharding.study.dev/key=shard1,",
        "Sharding.Study.Dev/key=shard1",
        "key=" + "v".repeat(64),
        "sharding.study.dev/key >= 2"}) {
      assertThatThrownBy(() -> OperatorConfig.load(Map.of("WATCH_LABEL_SELECTOR", selector)))
          .as(selector).isInstanceOf(ConfigException.class).hasMessageContaining("WATCH_LABEL_SELECTOR");
    }
  }

  @Test
  void refusesAShardNameThatCannotBePartOfALeaseName() {
    for (String name : new String[] {"Shard1", "shard_1", "-shard", "s".repeat(44)}) {
      assertThatThrownBy(() -> OperatorConfig.load(Map.of("SHARD_NAME", name)))
          .as(name).isInstanceOf(ConfigException.class).hasMessageContaining("SHARD_NAME");
    }
    assertThat(OperatorConfig.load(Map.of("SHARD_NAME", "s".repeat(43))).leaseName()).hasSize(63);
  }
}
