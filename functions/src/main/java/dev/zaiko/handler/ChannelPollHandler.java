package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.zaiko.app.ChannelPoller;
import dev.zaiko.app.CredentialWatch;
import dev.zaiko.domain.channel.CredentialStatus;
import java.time.Instant;
import dev.zaiko.app.PollService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.port.PushQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The poller of one channel account, run by its EventBridge Scheduler schedule. */
public final class ChannelPollHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ChannelRuntime channel;
    private final ChannelPoller poller;
    private final PushQueue pushQueue;
    private final Duration interval;

    public ChannelPollHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        this.channel = wiring.channel(wiring.secrets());
        this.pushQueue = wiring.pushQueue(channel.channelId());
        this.interval = Duration.ofSeconds(Long.parseLong(wiring.require(FlowWiring.POLL_INTERVAL_SECONDS)));
        this.poller = new ChannelPoller(new PollService(wiring.channelStates(), wiring.orderQueue(),
                        wiring.rejectedOrders(), wiring.clock),
                wiring.pusherTrigger(), wiring.clock, instant -> Thread.sleep(
                        Math.max(0, Duration.between(Clock.systemUTC().instant(), instant).toMillis())));
    }

    public ChannelPollHandler(ChannelRuntime channel, ChannelPoller poller, PushQueue pushQueue, Duration interval) {
        this.channel = channel;
        this.poller = poller;
        this.pushQueue = pushQueue;
        this.interval = interval;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduled, Context context) {
        List<PollService.PollResult> results = poller.run(channel.channelId(), channel::adapter,
                channel::credentialsFingerprint, pushQueue, interval, Duration.ofMinutes(1),
                () -> context == null ? Duration.ofMinutes(1)
                        : Duration.ofMillis(context.getRemainingTimeInMillis()));
        int events = 0;
        for (PollService.PollResult result : results) {
            switch (result) {
                case PollService.PollResult.Polled polled -> {
                    events += polled.events();
                    for (dev.zaiko.domain.RejectedOrder rejected : polled.rejected()) {
                        // One line per quarantined order: the OrderRejected alarm counts them.
                        JsonLog.warn("order_rejected", "channel", channel.channelId(), "orderId", rejected.orderId(),
                                "reason", rejected.reason());
                    }
                    JsonLog.info("channel_polled", "channel", channel.channelId(), "events", polled.events(),
                            "pages", polled.pages(), "complete", polled.complete(), "to", polled.to());
                }
                case PollService.PollResult.SkippedAuthError skipped -> JsonLog.error("channel_auth_error",
                        "channel", channel.channelId(), "message", skipped.message(), "polled", false);
                case PollService.PollResult.Failed failed -> {
                    JsonLog.warn(
                            failed.kind() == dev.zaiko.domain.channel.PushStatus.AUTH ? "channel_auth_error" : "poll_failed",
                            "channel", channel.channelId(), "mallCode", failed.mallCode(), "message", failed.message(),
                            "failedRuns", failed.failedRuns());
                    if (failed.degraded()) {
                        // The ChannelDegraded alarm matches this event.
                        JsonLog.error("channel_degraded", "channel", channel.channelId(), "failedRuns",
                                failed.failedRuns(), "mallCode", failed.mallCode(), "message", failed.message());
                    }
                }
            }
        }
        for (CredentialStatus due : CredentialWatch.dueForRenewal(channel.adapter(), Instant.now())) {
            JsonLog.warn("credential_expiring", "channel", channel.channelId(), "credential", due.name(),
                    "expiresAt", due.expiresAt().map(Instant::toString).orElse(""), "renewal", due.renewal());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channelId", channel.channelId());
        summary.put("polls", results.size());
        summary.put("events", events);
        return summary;
    }
}
