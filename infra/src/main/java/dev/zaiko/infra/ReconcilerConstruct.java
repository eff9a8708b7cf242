package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.schema.Tables;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconciler of one channel account ({@code ReconcileHandler}, docs/reconcile.md): compares
 * what the mall shows with the ledger on its own schedule (hourly by default) and, in repair mode,
 * queues a push for each drifted listing and wakes the channel's pusher.
 *
 * <p>Grants: read stock and listings (it scans listings for the channel's mappings), read/write
 * the channels table (its report, the channel's state), send to its own push queue, invoke its
 * own pusher, read its own secret. It never writes stock: a repair is a push request, and the
 * pusher writes the ledger's current quantity.
 *
 * <p>Timeout 15 minutes: Amazon listings are read one by one at 5 per second (2,000 listings take
 * about 7 minutes); the handler stops 20 s before the timeout and reports PARTIAL. No retries: a
 * failed run is recorded in the failed-runs queue and the next tick runs again.
 */
public final class ReconcilerConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.ReconcileHandler::handleRequest";
    /** {@code ReconcileHandler.RECONCILE_MODE}. */
    public static final String RECONCILE_MODE_ENV = "RECONCILE_MODE";
    public static final Duration TIMEOUT = Duration.minutes(15);

    /**
     * @param channel    the channel account it reconciles (its secret, push queue and pusher)
     * @param network    the VPC for {@code fixedIp} channels (the mall checks the caller IP), else empty
     * @param failedRuns where failed runs are recorded
     */
    public record Props(ChannelConstruct channel, Code code, LedgerConstruct ledger,
                        Optional<ZaikoFunction.Network> network, FailedRunsQueue failedRuns) {
        public Props {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(failedRuns, "failedRuns");
        }
    }

    private final ChannelConstruct channel;
    private final ZaikoFunction function;
    private final ScheduledRun schedule;

    public ReconcilerConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.channel = props.channel();
        ChannelConfig config = channel.channel();
        LedgerConstruct ledger = props.ledger();

        Map<String, String> env = new HashMap<>();
        env.put(ChannelConstruct.CHANNEL_ID_ENV, config.id());
        env.put(ChannelConstruct.CHANNEL_TYPE_ENV, config.type().configName());
        env.put(ChannelConstruct.CHANNEL_SECRET_ARN_ENV, channel.secret().getSecretArn());
        env.put(ChannelConstruct.CHANNEL_OPTIONS_ENV, config.optionsJson());
        env.put(RECONCILE_MODE_ENV, config.reconcileMode().configName());
        // the pusher computes sellable quantities with this default; the reconciler must agree
        env.put(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV, Integer.toString(ledger.safety().safetyStock()));
        this.function = new ZaikoFunction(this, "Reconciler", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync reconciler for " + config.id(), props.code(), TIMEOUT, env,
                props.network(), 0, Optional.of(props.failedRuns().destination())));

        for (var table : List.of(Tables.STOCK, Tables.LISTINGS)) {
            ledger.table(table).grantReadData(function.alias());
            function.addEnvironment(table.nameEnvVar(), ledger.table(table).getTableName());
        }
        ledger.grantChannelState(function);
        channel.secret().grantRead(function.alias());
        ChannelConstruct.routePushesTo(function, List.of(channel));

        this.schedule = new ScheduledRun(this, "Schedule", new ScheduledRun.Props(function,
                config.reconcileMinutes(),
                "zaiko-sync: reconcile " + config.id() + " every " + config.reconcileMinutes() + " min ("
                        + config.reconcileMode().configName() + ")",
                "the " + config.id() + " reconciler"));
    }

    public ChannelConstruct channel() {
        return channel;
    }

    public ZaikoFunction function() {
        return function;
    }

    public ScheduledRun schedule() {
        return schedule;
    }
}
