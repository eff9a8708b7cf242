package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.zaiko.app.ChannelPoller;
import dev.zaiko.app.CredentialWatch;
import dev.zaiko.app.PollFailedException;
import dev.zaiko.app.PollService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.DeployedChannels;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.config.Metrics;
import dev.zaiko.config.SnapStartHooks;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.PushQueue;
import dev.zaiko.schema.Names;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The order poller of every channel account: each channel's EventBridge Scheduler schedule invokes
 * it with {@code {"channelId": ...}}. The pusher and the reconciler invoke it with
 * {@code {"channelId": ..., "reason": "pollNow"}} when a mall shows less than the ledger: that is one
 * poll (new and open orders), not a whole run of a sub-minute channel. A run whose mall calls failed is logged, counted
 * ({@value Metrics#POLL_FAILURES} with the channel dimension) and then thrown, so Lambda records
 * a failed invocation rather than a success.
 */
public final class ChannelPollHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Function<String, ChannelRuntime> channels;
    private final ChannelPoller poller;
    private final Function<String, PushQueue> pushQueues;
    private final Function<String, Duration> intervals;
    private final Optional<String> only;

    /** Waits in real time until the next poll of a run is due. */
    public static final ChannelPoller.Pause REAL_TIME = instant -> Thread.sleep(
            Math.max(0, Duration.between(Clock.systemUTC().instant(), instant).toMillis()));

    public ChannelPollHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        DeployedChannels deployed = wiring.deployedChannels();
        this.channels = deployed::runtime;
        this.pushQueues = wiring::pushQueue;
        this.intervals = id -> Duration.ofSeconds(deployed.descriptor(id).orElseThrow().pollIntervalSeconds());
        this.only = Optional.empty();
        this.poller = wiring.composition().poller(wiring.composition().polls(), REAL_TIME);
        SnapStartHooks.register(wiring);
    }

    /** One channel (tests, the local runtime). */
    public ChannelPollHandler(ChannelRuntime channel, ChannelPoller poller, PushQueue pushQueue, Duration interval) {
        this.channels = id -> channel;
        this.poller = poller;
        this.pushQueues = id -> pushQueue;
        this.intervals = id -> interval;
        this.only = Optional.of(channel.channelId());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduled, Context context) {
        String channelId = ChannelInput.channelId(scheduled, only);
        boolean pollNow = ChannelInput.pollNow(scheduled);
        if (pollNow) {
            JsonLog.info("poll_now", "channel", channelId);
        }
        Supplier<Duration> remaining = () -> context == null ? Duration.ofMinutes(1)
                : Duration.ofMillis(context.getRemainingTimeInMillis());
        List<PollService.PollResult> results = pollNow ? runOnce(channelId, remaining) : run(channelId, remaining);
        int events = 0;
        int failures = 0;
        String lastFailure = "";
        for (PollService.PollResult result : results) {
            if (result instanceof PollService.PollResult.Polled polled) {
                events += polled.events();
            } else if (result instanceof PollService.PollResult.Failed failed && failed.kind() != PushStatus.AUTH) {
                failures++;
                lastFailure = failed.mallCode() + ": " + failed.message();
            }
        }
        if (failures > 0) {
            Metrics.count(Metrics.POLL_FAILURES, channelId);
            throw new PollFailedException("channel " + channelId + ": " + failures + " of " + results.size()
                    + " polls failed, last " + lastFailure);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channelId", channelId);
        summary.put("polls", results.size());
        summary.put("events", events);
        if (pollNow) {
            summary.put(Names.REASON_INPUT, Names.POLL_NOW_REASON);
        }
        return summary;
    }

    /**
     * One scheduled run of the channel's poller, each poll logged (and an AUTH failure re-reads the
     * credentials); returns the polls' results without judging them (the local runtime hands them
     * to its callers, {@link #handleRequest} turns failures into a failed invocation).
     */
    public List<PollService.PollResult> run(String channelId, Context context) {
        return run(channelId, () -> context == null ? Duration.ofMinutes(1)
                : Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    /** The same, with the time left in the "invocation" given (the local runtime has no Lambda context). */
    public List<PollService.PollResult> run(String channelId, Supplier<Duration> remaining) {
        return run(channelId, remaining, Duration.ofMinutes(1));
    }

    /** One poll of the channel, asked for out of schedule: its window runs up to now ({@link ChannelPoller#pollNow}). */
    public List<PollService.PollResult> runOnce(String channelId, Supplier<Duration> remaining) {
        ChannelRuntime channel = channels.apply(channelId);
        List<PollService.PollResult> results = List.of(poller.pollNow(channelId, channel.adapter(),
                channel.credentialsFingerprint(), pushQueues.apply(channelId), intervals.apply(channelId),
                remaining.get()));
        report(channelId, results);
        return results;
    }

    private List<PollService.PollResult> run(String channelId, Supplier<Duration> remaining, Duration runLength) {
        ChannelRuntime channel = channels.apply(channelId);
        List<PollService.PollResult> results = poller.run(channelId, channel::adapter,
                channel::credentialsFingerprint, pushQueues.apply(channelId), intervals.apply(channelId),
                runLength, remaining);
        report(channelId, results);
        return results;
    }

    /** Logs each poll's outcome (and counts AUTH errors), then any credential due for renewal. */
    private void report(String channelId, List<PollService.PollResult> results) {
        ChannelRuntime channel = channels.apply(channelId);
        for (PollService.PollResult result : results) {
            switch (result) {
                case PollService.PollResult.Polled polled -> {
                    for (dev.zaiko.domain.RejectedOrder rejected : polled.rejected()) {
                        // One line per quarantined order (mall order id and reason; the raw excerpt stays in the store).
                        JsonLog.warn("order_rejected", "channel", channelId, "orderId", rejected.orderId(),
                                "reason", rejected.reason());
                    }
                    JsonLog.info("channel_polled", "channel", channelId, "events", polled.events(),
                            "pages", polled.pages(), "complete", polled.complete(), "to", polled.to());
                }
                case PollService.PollResult.SkippedAuthError skipped -> JsonLog.error("channel_auth_error",
                        "channel", channelId, "message", skipped.message(), "polled", false);
                case PollService.PollResult.Failed failed when failed.kind() == PushStatus.AUTH -> {
                    JsonLog.warn("channel_auth_error", "channel", channelId, "mallCode", failed.mallCode(),
                            "message", failed.message(), "failedRuns", failed.failedRuns());
                    Metrics.count(Metrics.AUTH_ERRORS, channelId);
                    // the seller may have stored new credentials already: read them again next time
                    channel.refreshCredentials();
                }
                case PollService.PollResult.Failed failed -> {
                    JsonLog.warn("poll_failed", "channel", channelId, "mallCode", failed.mallCode(),
                            "message", failed.message(), "failedRuns", failed.failedRuns());
                    if (failed.degraded()) {
                        // The poll-failures alarm (channel dimension) already fires; this line names the state.
                        JsonLog.error("channel_degraded", "channel", channelId, "failedRuns",
                                failed.failedRuns(), "mallCode", failed.mallCode(), "message", failed.message());
                    }
                }
            }
        }
        for (CredentialStatus due : CredentialWatch.dueForRenewal(channel.adapter(), Instant.now())) {
            JsonLog.warn("credential_expiring", "channel", channelId, "credential", due.name(),
                    "expiresAt", due.expiresAt().map(Instant::toString).orElse(""), "renewal", due.renewal());
        }
    }
}
