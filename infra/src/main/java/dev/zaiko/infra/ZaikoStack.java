package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.MallType;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything zaiko-sync runs on in the seller's account, from one {@link ZaikoConfig}: the
 * ledger (tables, orders queue, ledger function), one {@link ChannelConstruct} per channel
 * account, the webhook API if a channel has {@code webhook}, the SP-API notification queue per
 * amazon channel, the fixed egress IP if a channel has {@code fixedIp}, a reconciler per channel,
 * an FBA sync per amazon channel if {@code fba} is enabled, alarms and a dashboard.
 */
public final class ZaikoStack extends Stack {
    /**
     * @param config    the validated config
     * @param lambdaJar the shaded functions jar ({@code functions/target/zaiko-functions-lambda.jar})
     *                  or, in tests, a directory standing in for it
     */
    public record Props(ZaikoConfig config, Path lambdaJar, Path consoleDir) {
        public Props {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(lambdaJar, "lambdaJar");
            Objects.requireNonNull(consoleDir, "consoleDir");
        }

        /** The web console's files from the repository's {@code console/} folder. */
        public Props(ZaikoConfig config, Path lambdaJar) {
            this(config, lambdaJar, ZaikoApp.repoRoot(Path.of("").toAbsolutePath()).resolve("console"));
        }
    }

    private final Deployment deployment;
    private final LedgerConstruct ledger;
    private final PushQueues pushQueues;
    private final ChannelFunctions channelFunctions;
    private final List<ChannelConstruct> channels = new ArrayList<>();
    private final Optional<EgressConstruct> egress;
    private final Optional<WebhookConstruct> webhook;
    private final Optional<SpApiNotificationsConstruct> notifications;
    private final FailedRunsQueue failedRuns;
    private final Optional<FbaSyncConstruct> fbaSync;
    private final Optional<BudgetConstruct> budget;
    private final AlarmsConstruct alarms;
    private final AdminConsoleConstruct console;

    public ZaikoStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        ZaikoConfig config = props.config();
        if (!Files.exists(props.lambdaJar())) {
            throw new IllegalArgumentException("Lambda jar not found: " + props.lambdaJar()
                    + " (build it with: mvn -B -DskipTests -pl functions -am package; or pass -c lambdaJar=...)");
        }
        Tags.of(this).add("app", "zaiko-sync");
        for (String note : ZaikoConfigParser.advisories(config)) {
            Annotations.of(this).addWarningV2("zaiko:config", note);
        }
        Code code = Code.fromAsset(props.lambdaJar().toString());
        this.deployment = new Deployment(dev.zaiko.schema.Names.prefixFor(getStackName()));

        this.ledger = new LedgerConstruct(this, "Ledger",
                new LedgerConstruct.Props(code, config.deletionProtection(), config.safety()));
        this.egress = config.needsFixedIp()
                ? Optional.of(new EgressConstruct(this, "Egress", new EgressConstruct.Props(config.natMode())))
                : Optional.empty();
        this.failedRuns = new FailedRunsQueue(this, "FailedRuns");
        this.pushQueues = new PushQueues(this, "PushQueues", new PushQueues.Props(deployment));
        this.channelFunctions = new ChannelFunctions(this, "Channels", new ChannelFunctions.Props(code, ledger,
                deployment, config.channels(), egress.map(EgressConstruct::network), failedRuns));
        Deployment.routePushesTo(ledger.ledger(), channelFunctions, deployment);

        List<ChannelConfig> amazon = config.channels().stream().filter(c -> c.type().equals(MallType.AMAZON)).toList();
        List<String> amazonIds = amazon.stream().map(ChannelConfig::id).toList();
        this.fbaSync = config.fba().enabled() && !amazon.isEmpty()
                ? Optional.of(new FbaSyncConstruct(this, "Fba", new FbaSyncConstruct.Props(amazonIds, config.fba(),
                code, ledger, deployment, channelFunctions,
                amazon.stream().anyMatch(ChannelConfig::fixedIp) ? egress.map(EgressConstruct::network) : Optional.empty(),
                failedRuns)))
                : Optional.empty();
        for (ChannelConfig channel : config.channels()) {
            boolean fba = channel.type().equals(MallType.AMAZON) && fbaSync.isPresent();
            channels.add(new ChannelConstruct(this, "Channel" + pascal(channel.id()), new ChannelConstruct.Props(
                    channel, deployment, channelFunctions, pushQueues,
                    fba ? fbaSync.map(FbaSyncConstruct::function) : Optional.empty(),
                    FbaSyncConstruct.SCHEDULE_MINUTES)));
        }

        boolean webhookNeedsFixedIp = config.webhookChannels().stream().anyMatch(ChannelConfig::fixedIp);
        this.webhook = config.webhookChannels().isEmpty()
                ? Optional.empty()
                : Optional.of(new WebhookConstruct(this, "Webhook", new WebhookConstruct.Props(
                code, ledger, deployment, config.channels(),
                webhookNeedsFixedIp ? egress.map(EgressConstruct::network) : Optional.empty())));

        this.console = new AdminConsoleConstruct(this, "Console", new AdminConsoleConstruct.Props(code, ledger,
                deployment, channelFunctions, config.alertEmail(), webhook.map(WebhookConstruct::api),
                egress.map(EgressConstruct::publicIp), props.consoleDir()));
        webhook.ifPresent(w -> {
            console.routes().forEach(w.stage().getNode()::addDependency);
            w.throttle("ANY " + AdminConsoleConstruct.ROUTE_PATH, WebhookConstruct.ADMIN_BURST,
                    WebhookConstruct.ADMIN_RATE);
        });

        this.notifications = amazon.isEmpty() ? Optional.empty()
                : Optional.of(new SpApiNotificationsConstruct(this, "SpApi", new SpApiNotificationsConstruct.Props(
                amazonIds, code, ledger, deployment, channelFunctions)));
        if (config.fba().enabled()) {
            // FBA_INVENTORY_AVAILABILITY_CHANGES arrive on the notification queue; its consumer
            // already writes stock and journal (grantLedgerWrites) and the amazon channels' state
            notifications.ifPresent(n -> FbaSyncConstruct.applyFbaSettings(n.function(), config.fba()));
        }
        this.budget = config.monthlyBudgetUsd().map(usd -> new BudgetConstruct(this, "Budget",
                new BudgetConstruct.Props(usd, config.alertEmail())));

        Map<String, IQueue> dlqs = new LinkedHashMap<>();
        dlqs.put("orders", ledger.orders().deadLetterQueue());
        dlqs.put("push", pushQueues.deadLetterQueue());
        notifications.ifPresent(n -> dlqs.put("spapi", n.queue().deadLetterQueue()));
        dlqs.put("failed-runs", failedRuns.queue());
        List<ZaikoFunction> orderAppliers = new ArrayList<>();
        orderAppliers.add(ledger.ledger());
        notifications.ifPresent(n -> orderAppliers.add(n.function()));
        orderAppliers.add(console.function());
        this.alarms = new AlarmsConstruct(this, "Alarms", new AlarmsConstruct.Props(
                config.alertEmail(), dlqs, orderAppliers, ledger.ledger(),
                channelFunctions.all().stream().map(ChannelFunctions.Trio::reconciler).toList(),
                egress.flatMap(EgressConstruct::natInstanceId)));

        webhook.ifPresent(w -> {
            CfnOutput.Builder.create(this, "WebhookBaseUrl").value(w.baseUrl())
                    .description("Order webhooks: append the channel id").build();
            for (ChannelConfig c : w.webhookChannels()) {
                CfnOutput.Builder.create(this, "WebhookUrl" + pascal(c.id())).value(w.urlOf(c))
                        .description("Register this URL as the " + c.type().configName() + " order webhook of "
                                + c.id()).build();
            }
        });
        notifications.ifPresent(n -> CfnOutput.Builder.create(this, "SpApiNotificationQueueArn")
                .value(n.queue().queue().getQueueArn())
                .description("Create the SP-API notification destination with this SQS ARN (every amazon channel;"
                        + " set sellerId and applicationId in each amazon channel's options)").build());
        egress.ifPresent(e -> CfnOutput.Builder.create(this, "FixedEgressIp").value(e.publicIp())
                .description("Register this caller IP with the malls that require one").build());
        CfnOutput.Builder.create(this, "ConsoleUrl").value(console.url())
                .description("The web console (sign in with the alert e-mail; Cognito sends its temporary password;"
                        + " set up a TOTP authenticator app at the first sign-in)")
                .build();
        CfnOutput.Builder.create(this, "ConsoleUserPoolId").value(console.userPool().getUserPoolId())
                .description("Add more console users here").build();
        CfnOutput.Builder.create(this, "AlertTopicArn").value(alarms.topic().getTopicArn()).build();
        CfnOutput.Builder.create(this, "FailedRunsQueueUrl").value(failedRuns.queue().getQueueUrl())
                .description("Failed poll / reconcile / FBA sync runs: read the error, fix, purge").build();
        CfnOutput.Builder.create(this, "NamePrefix").value(deployment.prefix())
                .description("Channel parameters live under /" + deployment.prefix() + "/channels/<id>/").build();
    }

    /** "rakuten-main" to "RakutenMain", for construct ids and output names. */
    static String pascal(String channelId) {
        StringBuilder out = new StringBuilder();
        for (String part : channelId.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public Deployment deployment() {
        return deployment;
    }

    public LedgerConstruct ledger() {
        return ledger;
    }

    public List<ChannelConstruct> channels() {
        return List.copyOf(channels);
    }

    public ChannelFunctions channelFunctions() {
        return channelFunctions;
    }

    public PushQueues pushQueues() {
        return pushQueues;
    }

    public Optional<EgressConstruct> egress() {
        return egress;
    }

    public Optional<WebhookConstruct> webhook() {
        return webhook;
    }

    public Optional<SpApiNotificationsConstruct> notifications() {
        return notifications;
    }

    public FailedRunsQueue failedRuns() {
        return failedRuns;
    }

    public Optional<FbaSyncConstruct> fbaSync() {
        return fbaSync;
    }

    public Optional<BudgetConstruct> budget() {
        return budget;
    }

    public AdminConsoleConstruct console() {
        return console;
    }

    public AlarmsConstruct alarms() {
        return alarms;
    }
}
