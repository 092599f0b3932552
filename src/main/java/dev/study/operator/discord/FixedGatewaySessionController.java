package dev.study.operator.discord;

import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * Points JDA at the configured gateway instead of its built-in constant, so that the same binary logs in to a
 * local fake: JDA takes the gateway URL from its session controller, not from its REST configuration.
 */
final class FixedGatewaySessionController extends ConcurrentSessionController {
  private final String gateway;

  FixedGatewaySessionController(String gateway) {
    this.gateway = gateway;
  }

  @Override
  public String getGateway() {
    return gateway;
  }
}
