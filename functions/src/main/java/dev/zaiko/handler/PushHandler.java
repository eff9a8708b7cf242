package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.zaiko.app.PushService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.port.PushQueue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pusher of every channel account (the wake-up names the channel): woken asynchronously (by the ledger, the webhook function or
 * the poller's fallback), it drains the channel's push queue.
 */
public final class PushHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final java.util.function.Function<String, ChannelRuntime> channels;
    private final PushService pushes;
    private final java.util.function.Function<String, PushQueue> queues;
    private final java.util.Optional<String> only;

    public PushHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        this.channels = wiring.deployedChannels()::runtime;
        this.queues = wiring::pushQueue;
        this.only = java.util.Optional.empty();
        this.pushes = wiring.composition().pushes();
        dev.zaiko.config.SnapStartHooks.register(wiring);
    }

    /** One channel (tests, the local runtime). */
    public PushHandler(ChannelRuntime channel, PushService pushes, PushQueue queue) {
        this.channels = id -> channel;
        this.pushes = pushes;
        this.queues = id -> queue;
        this.only = java.util.Optional.of(channel.channelId());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> wake, Context context) {
        ChannelRuntime channel = channels.apply(ChannelInput.channelId(wake, only));
        PushQueue queue = queues.apply(channel.channelId());
        Duration budget = context == null ? Duration.ofSeconds(50)
                : Duration.ofMillis(Math.max(1_000, context.getRemainingTimeInMillis() - 10_000));
        PushService.DrainResult result = pushes.drain(channel.channelId(), channel.adapter(), queue,
                channel.credentialsFingerprint(), budget, channel.holdBack());
        if (result.authFailed()) {
            JsonLog.error("channel_auth_error", "channel", channel.channelId(), "during", "push");
            dev.zaiko.config.Metrics.count(dev.zaiko.config.Metrics.AUTH_ERRORS, channel.channelId());
            // refreshed on an AUTH error: the seller may have stored new credentials since the last read
            channel.refreshCredentials();
        }
        if (!result.skipped() && result.slowestZeroPushMs() >= 0) {
            // zeroPushMs only when a zero went out: the dashboard's latency metric reads it.
            JsonLog.info("push_written", "channel", channel.channelId(), "messages", result.messages(),
                    "mallCalls", result.mallCalls(), "ok", result.ok(), "retried", result.retried(),
                    "rejected", result.rejected(), "zeroPushes", result.zeroPushes(),
                    "zeroPushMs", result.slowestZeroPushMs());
        } else if (!result.skipped()) {
            JsonLog.info("push_written", "channel", channel.channelId(), "messages", result.messages(),
                    "mallCalls", result.mallCalls(), "ok", result.ok(), "retried", result.retried(),
                    "rejected", result.rejected(), "zeroPushes", result.zeroPushes());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channelId", channel.channelId());
        summary.put("messages", result.messages());
        summary.put("mallCalls", result.mallCalls());
        summary.put("skipped", result.skipped());
        return summary;
    }
}
