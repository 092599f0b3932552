package dev.study.operator.discord;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.RestAction;

/**
 * Runs one JDA request and waits at most the request timeout, so that no reconcile waits on Discord forever;
 * every way it can fail comes out as a {@link DiscordFailure}. A request still in flight at the deadline may yet
 * land; every write the operator makes is idempotent (messages by their nonce), so the next try sees it or
 * repeats it.
 */
final class JdaRequests {
  private final Duration timeout;

  JdaRequests(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T complete(RestAction<T> action, String what) throws DiscordFailure {
    CompletableFuture<T> future;
    try {
      future = action.submit();
    } catch (RejectedExecutionException e) {
      // a stopped JDA refuses new requests at once (Requester.request): the session is gone, not the thing asked for
      throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, what + ": the Discord session has stopped", null);
    }
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR, what + " timed out after " + timeout.toMillis() + " ms",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR, what + " was interrupted", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ErrorResponseException ere) {
        throw DiscordErrors.of(ere, what);
      }
      if (cause instanceof InsufficientPermissionException ipe) {
        throw DiscordErrors.of(ipe);
      }
      if (cause instanceof RejectedExecutionException) {
        throw new DiscordFailure(DiscordFailure.Kind.GATEWAY_UNAVAILABLE, what + ": the Discord session has stopped", null);
      }
      throw new DiscordFailure(DiscordFailure.Kind.SERVER_ERROR,
          what + " failed: " + (cause == null ? "unknown error" : cause.getClass().getSimpleName()), null);
    }
  }
}
