package dev.zaiko.adapter.lambda;

import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.PollTrigger;
import dev.zaiko.schema.Names;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * "Poll that channel now" on AWS (invariant 8: a mall showing LESS than the ledger may have sold a
 * unit we have not ingested yet): an asynchronous invoke ({@code InvocationType=Event}) of the
 * poller that serves the channel, with the input its schedule sends plus a reason the handler
 * reads ({@code {"channelId": ..., "reason": "pollNow"}}: one poll, not a whole run). Channels with
 * {@code fixedIp} go to the poller in the VPC.
 *
 * <p>Debounced across containers: a burst of stale pushes (every listing of a page, several
 * pushers, the reconciler) starts at most one poll per channel per {@link #DEFAULT_WINDOW}, claimed
 * by one conditional write on the channel's state ({@link ChannelStates#claimPollNow}). The claim
 * is made before the invoke and kept if the invoke fails: the scheduled poll (at most a minute
 * away) is the fallback either way, and a failing Lambda endpoint is not hammered.
 */
public final class SdkPollTrigger implements PollTrigger {
    /**
     * At most one out-of-schedule poll per channel in this time. Shorter than the push's settle
     * delay ({@code PushResult.SETTLE}, 60 s), so the settled retry of a push still below the mall
     * may ask again; longer than one poll usually takes.
     */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    /** What one request did. */
    public enum Outcome {
        /** The poller was invoked. */
        INVOKED,
        /** A poll of this channel was asked for within the window (here or in another container). */
        DEBOUNCED
    }

    private final LambdaClient lambda;
    private final Optional<String> poller;
    private final Optional<String> fixedIpPoller;
    private final Predicate<String> needsFixedIp;
    private final ChannelStates states;
    private final Clock clock;
    private final Duration window;

    /**
     * @param poller        the poller outside the VPC ({@value Names#POLLER_FUNCTION_ENV}); a function
     *                      serving only fixed-IP channels has none
     * @param fixedIpPoller the poller in the VPC ({@value Names#POLLER_FIXED_IP_FUNCTION_ENV})
     * @param needsFixedIp  the channel's config says {@code fixedIp} (the pusher trigger's rule)
     */
    public SdkPollTrigger(LambdaClient lambda, Optional<String> poller, Optional<String> fixedIpPoller,
                          Predicate<String> needsFixedIp, ChannelStates states, Clock clock, Duration window) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.poller = Objects.requireNonNull(poller, "poller");
        this.fixedIpPoller = Objects.requireNonNull(fixedIpPoller, "fixedIpPoller");
        this.needsFixedIp = Objects.requireNonNull(needsFixedIp, "needsFixedIp");
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the poll-now window must be positive, not " + window);
        }
    }

    /** The poller a channel's poll goes to. */
    public String functionFor(String channelId) {
        if (needsFixedIp.test(channelId)) {
            return fixedIpPoller.orElseThrow(() -> new IllegalStateException("channel " + channelId
                    + " needs the fixed IP but " + Names.POLLER_FIXED_IP_FUNCTION_ENV + " is not set"));
        }
        return poller.orElseThrow(() -> new IllegalStateException("channel " + channelId
                + " is polled outside the VPC but " + Names.POLLER_FUNCTION_ENV + " is not set"));
    }

    public static String payload(String channelId) {
        // channel ids are [a-z0-9-]: nothing to escape
        return "{\"" + Names.CHANNEL_ID_INPUT + "\":\"" + channelId + "\",\"" + Names.REASON_INPUT + "\":\""
                + Names.POLL_NOW_REASON + "\"}";
    }

    @Override
    public void pollNow(String channelId) {
        request(channelId);
    }

    /**
     * Invokes the channel's poller unless a poll was asked for within the window.
     *
     * @throws IllegalStateException the poller is not configured, or Lambda did not accept the event
     */
    public Outcome request(String channelId) {
        // a configuration error is named before anything is claimed
        String function = functionFor(channelId);
        Instant now = clock.instant();
        if (!states.claimPollNow(channelId, now, now.plus(window))) {
            return Outcome.DEBOUNCED;
        }
        InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload(channelId))));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("invoking " + function + " to poll " + channelId + " answered HTTP "
                    + response.statusCode());
        }
        return Outcome.INVOKED;
    }
}
