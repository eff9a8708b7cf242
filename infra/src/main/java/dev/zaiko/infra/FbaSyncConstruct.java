package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.FbaConfig;
import dev.zaiko.deployconfig.MallType;
import dev.zaiko.schema.TableDef;
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
 * The FBA sync of one amazon channel ({@code FbaSyncHandler}, docs/fba.md), deployed only with
 * {@code "fba": {"enabled": true}}: every 15 minutes it reads every FBA count of the account and
 * sets {@code available} of each FBA-sourced SKU, pushing the SKU's listings on every mall; with
 * MCF on it creates and cancels the MCF orders of claims.
 *
 * <p>No SQS event source: FBA_INVENTORY_AVAILABILITY_CHANGES notifications arrive on the amazon
 * channel's SP-API notification queue and are applied by its consumer, which gets the same FBA
 * settings ({@link #applyFbaSettings}).
 *
 * <p>Grants: read/write stock and journal (a count is a conditional stock write and its journal
 * entry; claims are read from the journal), read/write channels (FBA memory per SKU, channel
 * state), read listings (the SKU's listings to push), send to every push queue and invoke every
 * pusher, read the amazon channel's secret. Order lines are not touched.
 */
public final class FbaSyncConstruct extends Construct {
    public static final String HANDLER = "dev.zaiko.handler.FbaSyncHandler::handleRequest";
    public static final int SCHEDULE_MINUTES = 15;
    public static final Duration TIMEOUT = Duration.minutes(2);

    /** The variables {@code FbaSyncHandler.settings} reads. */
    public static final String MCF_ENABLED_ENV = "FBA_MCF_ENABLED";
    public static final String MCF_ADDRESS_ENV = "FBA_MCF_ADDRESS";
    public static final String MCF_ACTION_ENV = "FBA_MCF_ACTION";
    public static final String MCF_SHIPPING_SPEED_ENV = "FBA_MCF_SHIPPING_SPEED";
    public static final String SETTLE_MINUTES_ENV = "FBA_SETTLE_MINUTES";
    public static final String MAX_HOLD_HOURS_ENV = "FBA_MAX_HOLD_HOURS";

    /**
     * @param amazon     the amazon channel whose FBA inventory is read
     * @param channels   every channel (an FBA count pushes the SKU everywhere)
     * @param network    the VPC if the amazon channel has {@code fixedIp}, else empty
     * @param failedRuns where failed runs are recorded
     */
    public record Props(ChannelConstruct amazon, FbaConfig fba, Code code, LedgerConstruct ledger,
                        List<ChannelConstruct> channels, Optional<ZaikoFunction.Network> network,
                        FailedRunsQueue failedRuns) {
        public Props {
            Objects.requireNonNull(amazon, "amazon");
            if (amazon.channel().type() != MallType.AMAZON) {
                throw new IllegalArgumentException("FBA sync needs an amazon channel: " + amazon.channel().id());
            }
            Objects.requireNonNull(fba, "fba");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            channels = List.copyOf(channels);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(failedRuns, "failedRuns");
        }
    }

    private final ChannelConstruct amazon;
    private final ZaikoFunction function;
    private final ScheduledRun schedule;

    public FbaSyncConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.amazon = props.amazon();
        ChannelConfig config = amazon.channel();
        LedgerConstruct ledger = props.ledger();

        Map<String, String> env = new HashMap<>();
        env.put(ChannelConstruct.CHANNEL_ID_ENV, config.id());
        env.put(ChannelConstruct.CHANNEL_TYPE_ENV, config.type().configName());
        env.put(ChannelConstruct.CHANNEL_SECRET_ARN_ENV, amazon.secret().getSecretArn());
        env.put(ChannelConstruct.CHANNEL_OPTIONS_ENV, config.optionsJson());
        env.put(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV, Integer.toString(ledger.safety().safetyStock()));
        // a scheduled read of a few hundred SKUs plus their pushes; getInventorySummaries pages at 2/s
        this.function = new ZaikoFunction(this, "FbaSync", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync FBA sync for " + config.id(), props.code(), TIMEOUT, env,
                props.network(), 0, Optional.of(props.failedRuns().destination())));
        applyFbaSettings(function, props.fba());

        for (TableDef table : List.of(Tables.STOCK, Tables.JOURNAL)) {
            ledger.table(table).grantReadWriteData(function.alias());
            function.addEnvironment(table.nameEnvVar(), ledger.table(table).getTableName());
        }
        ledger.table(Tables.LISTINGS).grantReadData(function.alias());
        function.addEnvironment(Tables.LISTINGS.nameEnvVar(), ledger.table(Tables.LISTINGS).getTableName());
        ledger.grantChannelState(function);
        amazon.secret().grantRead(function.alias());
        ChannelConstruct.routePushesTo(function, props.channels());

        this.schedule = new ScheduledRun(this, "Schedule", new ScheduledRun.Props(function, SCHEDULE_MINUTES,
                "zaiko-sync: FBA counts of " + config.id() + " every " + SCHEDULE_MINUTES + " min",
                "the " + config.id() + " FBA sync"));
    }

    /**
     * The MCF switch and claim timings as {@code FbaSyncHandler.settings} reads them; also given to
     * the SP-API notification consumer, which applies FBA notifications with the same rules.
     */
    public static void applyFbaSettings(ZaikoFunction function, FbaConfig fba) {
        function.addEnvironment(MCF_ENABLED_ENV, Boolean.toString(fba.mcf()));
        // absent rather than empty when not configured: the handler treats both alike
        fba.mcfAddress().ifPresent(a -> function.addEnvironment(MCF_ADDRESS_ENV, a.toJson()));
        function.addEnvironment(MCF_ACTION_ENV, fba.mcfAction());
        function.addEnvironment(MCF_SHIPPING_SPEED_ENV, fba.mcfShippingSpeed());
        function.addEnvironment(SETTLE_MINUTES_ENV, Integer.toString(fba.settleMinutes()));
        function.addEnvironment(MAX_HOLD_HOURS_ENV, Integer.toString(fba.maxHoldHours()));
    }

    public ChannelConstruct amazon() {
        return amazon;
    }

    public ZaikoFunction function() {
        return function;
    }

    public ScheduledRun schedule() {
        return schedule;
    }
}
