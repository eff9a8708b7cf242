package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.schema.Names;
import dev.zaiko.schema.Tables;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One function per concern serving EVERY channel (docs/deploy-architecture.md): the poller, the
 * pusher and the reconciler, each once outside the VPC and, when a channel needs the fixed egress
 * IP, once more inside it. The channel comes with the invocation ({@code {"channelId": ...}} in
 * the schedule's input or the pusher's wake-up); its settings and credentials come from its
 * parameters. Nothing here grows with the number of channels except the channel ids in the
 * {@code dynamodb:LeadingKeys} conditions.
 *
 * <p>No reserved concurrency (new accounts have a limit of 10 and any reservation fails to deploy
 * there); the pusher serialises itself per channel with a lease in the channels table.
 */
public final class ChannelFunctions extends Construct {
    public static final String POLL_HANDLER = "dev.zaiko.handler.ChannelPollHandler::handleRequest";
    public static final String PUSH_HANDLER = "dev.zaiko.handler.PushHandler::handleRequest";
    public static final String RECONCILE_HANDLER = "dev.zaiko.handler.ReconcileHandler::handleRequest";
    public static final Duration RECONCILE_TIMEOUT = Duration.minutes(15);
    /** A poll event older than this is not run: the next tick polls an overlapping window anyway. */
    public static final Duration POLL_MAX_EVENT_AGE = Duration.minutes(2);

    public record Props(Code code, LedgerConstruct ledger, Deployment deployment, List<ChannelConfig> channels,
                        Optional<ZaikoFunction.Network> network, FailedRunsQueue failedRuns) {
        public Props {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(deployment, "deployment");
            channels = List.copyOf(channels);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(failedRuns, "failedRuns");
        }
    }

    /** The three functions of one placement (outside or inside the VPC). */
    public record Trio(ZaikoFunction poller, ZaikoFunction pusher, ZaikoFunction reconciler) {
    }

    private final Trio outside;
    private final Optional<Trio> inside;
    private final Role scheduleRole;

    public ChannelFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        List<ChannelConfig> direct = props.channels().stream().filter(c -> !c.fixedIp()).toList();
        List<ChannelConfig> fixed = props.channels().stream().filter(ChannelConfig::fixedIp).toList();
        this.outside = trio("", props, direct, Optional.empty());
        if (!fixed.isEmpty()) {
            ZaikoFunction.Network network = props.network().orElseThrow(() -> new IllegalArgumentException(
                    "channels with fixedIp need the egress network"));
            this.inside = Optional.of(trio("FixedIp", props, fixed, Optional.of(network)));
        } else {
            this.inside = Optional.empty();
        }
        // pushes are requested by pollers and reconcilers of both placements, for any channel
        for (Trio t : all()) {
            Deployment.routePushesTo(t.poller(), this, props.deployment());
            Deployment.routePushesTo(t.reconciler(), this, props.deployment());
        }
        // A mall showing less than the ledger: the pusher and the reconciler poll that channel now
        // (invariant 8) through the poller of their own placement, which serves the same channels.
        routePollsTo(outside, props.deployment(), false);
        inside.ifPresent(t -> routePollsTo(t, props.deployment(), true));

        this.scheduleRole = Role.Builder.create(this, "ScheduleRole")
                .description("EventBridge Scheduler: may invoke the zaiko-sync pollers, reconcilers and FBA syncs only")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build()))
                .build();
    }

    /**
     * Invoke on the placement's poller alias (nothing else) and its ARN in one fixed variable, both
     * built from the poller's fixed name: the poller refers to the pushers (it wakes them), so a
     * reference from the pusher back to the poller would make a dependency cycle.
     */
    private static void routePollsTo(Trio placement, Deployment deployment, boolean fixedIp) {
        String aliasArn = "arn:" + Aws.PARTITION + ":lambda:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":function:"
                + Names.pollerFunctionName(deployment.prefix(), fixedIp) + ":" + ZaikoFunction.ALIAS_NAME;
        String variable = fixedIp ? Names.POLLER_FIXED_IP_FUNCTION_ENV : Names.POLLER_FUNCTION_ENV;
        for (ZaikoFunction asking : List.of(placement.pusher(), placement.reconciler())) {
            asking.alias().addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(List.of(aliasArn))
                    .build());
            asking.addEnvironment(variable, aliasArn);
        }
    }

    private Trio trio(String suffix, Props props, List<ChannelConfig> served, Optional<ZaikoFunction.Network> network) {
        LedgerConstruct ledger = props.ledger();
        Deployment deployment = props.deployment();
        List<String> ids = served.stream().map(ChannelConfig::id).toList();
        String where = suffix.isEmpty() ? "" : " (fixed egress IP)";
        String safety = Integer.toString(ledger.safety().safetyStock());

        // Pusher: drains a channel's push queue, reads the current ledger values, writes absolute
        // quantities. 120 s leaves it time for a rate-limited batch; messages it holds when it stops
        // reappear after the queue's 180 s visibility timeout.
        ZaikoFunction pusher = new ZaikoFunction(this, "Pusher" + suffix, new ZaikoFunction.Props(
                PUSH_HANDLER, "zaiko-sync pusher, every channel" + where, props.code(), Duration.seconds(120),
                Map.of(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV, safety), network, 2));
        ledger.table(Tables.STOCK).grantReadData(pusher.alias());
        pusher.addEnvironment(Tables.STOCK.nameEnvVar(), ledger.table(Tables.STOCK).getTableName());
        // Write on listings is only for the listing META item's push status; the pusher never writes stock.
        ledger.table(Tables.LISTINGS).grantReadWriteData(pusher.alias());
        pusher.addEnvironment(Tables.LISTINGS.nameEnvVar(), ledger.table(Tables.LISTINGS).getTableName());
        Deployment.grantChannelState(pusher, ledger, ids);
        deployment.grantConsumePushes(pusher);
        deployment.grantReadChannels(pusher, List.of(), false);
        deployment.addEnvironment(pusher);

        // Poller: one run per schedule tick; sub-minute intervals poll several times within one run.
        boolean withinRun = served.stream().anyMatch(ChannelConfig::pollsWithinInvocation);
        ZaikoFunction poller = new ZaikoFunction(this, "Poller" + suffix, new ZaikoFunction.Props(
                POLL_HANDLER, "zaiko-sync order poller, every channel" + where, props.code(),
                Duration.seconds(withinRun ? 90 : 60), Map.of(), network,
                // a failed poll is not retried: the next tick polls an overlapping window
                0, Optional.of(props.failedRuns().destination()), Optional.of(POLL_MAX_EVENT_AGE))
                .named(Names.pollerFunctionName(deployment.prefix(), network.isPresent())));
        ledger.grantSendOrders(poller);
        Deployment.grantChannelState(poller, ledger, ids);
        deployment.grantReadChannels(poller, List.of(), false);

        ZaikoFunction reconciler = new ZaikoFunction(this, "Reconciler" + suffix, new ZaikoFunction.Props(
                RECONCILE_HANDLER, "zaiko-sync reconciler, every channel" + where, props.code(), RECONCILE_TIMEOUT,
                Map.of(LedgerConstruct.DEFAULT_SAFETY_STOCK_ENV, safety), network, 0,
                Optional.of(props.failedRuns().destination()), Optional.of(Duration.minutes(15))));
        for (var table : List.of(Tables.STOCK, Tables.LISTINGS)) {
            ledger.table(table).grantReadData(reconciler.alias());
            reconciler.addEnvironment(table.nameEnvVar(), ledger.table(table).getTableName());
        }
        Deployment.grantChannelState(reconciler, ledger, ids);
        deployment.grantReadChannels(reconciler, List.of(), false);
        return new Trio(poller, pusher, reconciler);
    }

    /** The functions that serve {@code channel}: inside the VPC when it needs the fixed IP. */
    public Trio of(ChannelConfig channel) {
        return channel.fixedIp() ? inside.orElseThrow() : outside;
    }

    public List<Trio> all() {
        return inside.map(i -> List.of(outside, i)).orElse(List.of(outside));
    }

    public ZaikoFunction pusher() {
        return outside.pusher();
    }

    public Optional<ZaikoFunction> fixedIpPusher() {
        return inside.map(Trio::pusher);
    }

    public Trio outside() {
        return outside;
    }

    public Optional<Trio> inside() {
        return inside;
    }

    public Role scheduleRole() {
        return scheduleRole;
    }
}
