package dev.zaiko.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.zaiko.adapter.dynamodb.DynamoDbStockLedger;
import dev.zaiko.app.LedgerSellableReader;
import dev.zaiko.app.PushService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.config.JsonLog;
import dev.zaiko.domain.port.PushQueue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pusher of one channel account: woken asynchronously (by the ledger, the webhook function or
 * the poller's fallback), it drains the channel's push queue.
 */
public final class PushHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ChannelRuntime channel;
    private final PushService pushes;
    private final PushQueue queue;

    public PushHandler() {
        FlowWiring wiring = FlowWiring.fromEnvironment();
        this.channel = wiring.channel(wiring.secrets());
        this.queue = wiring.pushQueue(channel.channelId());
        this.pushes = new PushService(new LedgerSellableReader(new DynamoDbStockLedger(wiring.dynamo, wiring.tables,
                wiring.clock)), wiring.channelStates(), wiring.pushLog(), wiring.clock);
    }

    public PushHandler(ChannelRuntime channel, PushService pushes, PushQueue queue) {
        this.channel = channel;
        this.pushes = pushes;
        this.queue = queue;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> wake, Context context) {
        Duration budget = context == null ? Duration.ofSeconds(50)
                : Duration.ofMillis(Math.max(1_000, context.getRemainingTimeInMillis() - 10_000));
        PushService.DrainResult result = pushes.drain(channel.channelId(), channel.adapter(), queue,
                channel.credentialsFingerprint(), budget);
        if (result.authFailed()) {
            JsonLog.error("channel_auth_error", "channel", channel.channelId(), "during", "push");
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
