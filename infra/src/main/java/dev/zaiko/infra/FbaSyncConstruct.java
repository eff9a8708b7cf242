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
 * The FBA sync ({@code FbaSyncHandler}, docs/fba.md), deployed only with
 * {@code "fba": {"enabled": true}} and at least one amazon channel: ONE function for every amazon
 * channel, invoked every 15 minutes by each amazon channel's schedule with {@code {"channelId": ...}}
 * ({@link ChannelConstruct}). It reads every FBA count of that account and sets {@code available}
 * of each FBA-sourced SKU, pushing the SKU's listings on every mall; with MCF on it creates and
 * cancels the MCF orders of claims.
 *
 * <p>Grants: read/write stock and journal, the channels table for the amazon channels only
 * (LeadingKeys), read listings, send to every push queue and wake the pushers, read channel
 * parameters. Order lines are not touched.
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
     * @param amazonChannels the amazon channel ids
     * @param network        the VPC if an amazon channel has {@code fixedIp}, else empty
     */
    public record Props(List<String> amazonChannels, FbaConfig fba, Code code, LedgerConstruct ledger,
                        Deployment deployment, ChannelFunctions channels, Optional<ZaikoFunction.Network> network,
                        FailedRunsQueue failedRuns) {
        public Props {
            amazonChannels = List.copyOf(amazonChannels);
            if (amazonChannels.isEmpty()) {
                throw new IllegalArgumentException("FBA sync needs an amazon channel");
            }
            Objects.requireNonNull(fba, "fba");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(channels, "channels");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(failedRuns, "failedRuns");
        }
    }

    private final ZaikoFunction function;

    public FbaSyncConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        LedgerConstruct ledger = props.ledger();
        Map<String, String> env = new HashMap<>();
        env.put(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV, Integer.toString(ledger.safety().safetyStock()));
        // a scheduled read of a few hundred SKUs plus their pushes; getInventorySummaries pages at 2/s
        this.function = new ZaikoFunction(this, "FbaSync", new ZaikoFunction.Props(
                HANDLER, "zaiko-sync FBA sync, every amazon channel", props.code(), TIMEOUT, env,
                props.network(), 0, Optional.of(props.failedRuns().destination()), Optional.of(Duration.minutes(5))));
        applyFbaSettings(function, props.fba());

        for (TableDef table : List.of(Tables.STOCK, Tables.JOURNAL)) {
            ledger.table(table).grantReadWriteData(function.alias());
            function.addEnvironment(table.nameEnvVar(), ledger.table(table).getTableName());
        }
        ledger.table(Tables.LISTINGS).grantReadData(function.alias());
        function.addEnvironment(Tables.LISTINGS.nameEnvVar(), ledger.table(Tables.LISTINGS).getTableName());
        Deployment.grantChannelState(function, ledger, props.amazonChannels());
        props.deployment().grantReadChannels(function, List.of(), false);
        Deployment.routePushesTo(function, props.channels(), props.deployment());
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

    public ZaikoFunction function() {
        return function;
    }
}
