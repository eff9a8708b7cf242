package dev.zaiko.local.reconcile;

import dev.zaiko.adapter.sqs.SqsPushRequester;
import dev.zaiko.app.WakingPushRequester;
import dev.zaiko.config.QueueDirectory;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.port.PushRequester;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.aupay.AuPaySimulator;
import dev.zaiko.sim.qoo10.Qoo10Simulator;
import dev.zaiko.testsupport.Await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Channels on simulators, the way every test in this package stands them up, and a bounded wait. */
final class Malls {
    static final String QOO10 = "qoo10-main";
    static final String AUPAY = "aupay-main";
    static final String AMAZON = "amazon-main";

    private Malls() {
    }

    static Qoo10Simulator qoo10(LocalRuntime runtime) {
        Qoo10Simulator sim = new Qoo10Simulator(Clock.systemUTC());
        runtime.addChannel(QOO10, "qoo10", sim, Map.of("apiKey", Qoo10Simulator.API_KEY,
                        "userId", Qoo10Simulator.USER_ID, "password", Qoo10Simulator.PASSWORD),
                Map.of("requestsPerSecond", "50"), Duration.ofMinutes(1), false);
        return sim;
    }

    static AuPaySimulator aupay(LocalRuntime runtime) {
        AuPaySimulator sim = new AuPaySimulator(Clock.systemUTC());
        runtime.addChannel(AUPAY, "aupay", sim, Map.of("apiKey", AuPaySimulator.API_KEY,
                        "shopId", AuPaySimulator.SHOP_ID, "apiKeyIssuedAt", "2026-11-01"),
                Map.of("requestsPerSecond", "50"), Duration.ofMinutes(1), false);
        return sim;
    }

    static AmazonSimulator amazon(LocalRuntime runtime) {
        AmazonSimulator sim = new AmazonSimulator(Clock.systemUTC());
        runtime.addChannel(AMAZON, "amazon", sim, Map.of("refreshToken", AmazonSimulator.REFRESH_TOKEN,
                        "clientId", AmazonSimulator.CLIENT_ID, "clientSecret", AmazonSimulator.CLIENT_SECRET,
                        "sellerId", AmazonSimulator.SELLER_ID),
                Map.of("lwaUrl", sim.baseUrl().toString()), Duration.ofMinutes(3), false);
        return sim;
    }

    /** Push requests as the ledger makes them: queued on the channel's push queue, pusher woken in-process. */
    static PushRequester pushRequester(TestAws aws, LocalRuntime runtime, String suffix) {
        QueueDirectory queues = new QueueDirectory(aws.sqs(), Map.of(), suffix);
        return new WakingPushRequester(new SqsPushRequester(aws.sqs(), queues::pushQueueUrl), runtime.pushers());
    }

    static void awaitConverged(LocalRuntime runtime, List<ListingKey> listings, String what) {
        Await.until(Duration.ofSeconds(45), what, () -> {
            if (runtime.differences(listings).isEmpty()) {
                return true;
            }
            runtime.wakeWaitingPushers();
            return false;
        });
    }
}
