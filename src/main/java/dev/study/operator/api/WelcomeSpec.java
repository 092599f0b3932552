package dev.study.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How new members are welcomed by direct message on Discord. */
public class WelcomeSpec {

  /** What happens to the members a group already has when the operator first reconciles it. */
  public enum InitialMembers {
    /** Every member is welcomed: right for a brand-new group. */
    Welcome,
    /** The members found at the first reconcile are recorded as welcomed without a message. */
    Skip
  }

  @Default("Welcome")
  @JsonPropertyDescription("Welcome: the members present at the group's first reconcile get a welcome message too"
      + " (a brand-new group). Skip: they are recorded as welcomed without a message, so bringing an existing group"
      + " under the operator spams nobody; members who join later are welcomed either way.")
  private InitialMembers initialMembers = InitialMembers.Welcome;

  public InitialMembers getInitialMembers() { return initialMembers; }
  public void setInitialMembers(InitialMembers initialMembers) { this.initialMembers = initialMembers; }

  /** The policy for a spec that may leave the section or the field out. */
  public static InitialMembers initialMembersOf(WelcomeSpec welcome) {
    return welcome == null || welcome.initialMembers == null ? InitialMembers.Welcome : welcome.initialMembers;
  }
}
