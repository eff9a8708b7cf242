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
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private final LedgerConstruct ledger;
    private final List<ChannelConstruct> channels = new ArrayList<>();
    private final Optional<EgressConstruct> egress;
    private final Optional<WebhookConstruct> webhook;
    private final List<SpApiNotificationsConstruct> notifications = new ArrayList<>();
    private final FailedRunsQueue failedRuns;
    private final List<ReconcilerConstruct> reconcilers = new ArrayList<>();
    private final List<FbaSyncConstruct> fbaSyncs = new ArrayList<>();
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

        this.ledger = new LedgerConstruct(this, "Ledger",
                new LedgerConstruct.Props(code, config.deletionProtection(), config.safety()));
        this.egress = config.needsFixedIp()
                ? Optional.of(new EgressConstruct(this, "Egress", new EgressConstruct.Props(config.natMode())))
                : Optional.empty();

        for (ChannelConfig channel : config.channels()) {
            channels.add(new ChannelConstruct(this, "Channel" + pascal(channel.id()), new ChannelConstruct.Props(
                    channel, code, ledger,
                    channel.fixedIp() ? egress.map(EgressConstruct::network) : Optional.empty())));
        }
        ChannelConstruct.routePushesTo(ledger.ledger(), channels);

        boolean webhookNeedsFixedIp = config.webhookChannels().stream().anyMatch(ChannelConfig::fixedIp);
        this.webhook = config.webhookChannels().isEmpty()
                ? Optional.empty()
                : Optional.of(new WebhookConstruct(this, "Webhook", new WebhookConstruct.Props(
                code, ledger, channels,
                webhookNeedsFixedIp ? egress.map(EgressConstruct::network) : Optional.empty())));

        this.console = new AdminConsoleConstruct(this, "Console", new AdminConsoleConstruct.Props(code, ledger,
                channels, config.alertEmail(), webhook.map(WebhookConstruct::api), egress.map(EgressConstruct::publicIp),
                props.consoleDir()));

        for (ChannelConstruct c : channels) {
            if (c.channel().type() == MallType.AMAZON) {
                notifications.add(new SpApiNotificationsConstruct(this, "SpApi" + pascal(c.channel().id()),
                        new SpApiNotificationsConstruct.Props(c, code, ledger, channels)));
            }
        }

        this.failedRuns = new FailedRunsQueue(this, "FailedRuns");
        for (ChannelConstruct c : channels) {
            Optional<ZaikoFunction.Network> network = c.channel().fixedIp()
                    ? egress.map(EgressConstruct::network) : Optional.empty();
            reconcilers.add(new ReconcilerConstruct(this, "Reconcile" + pascal(c.channel().id()),
                    new ReconcilerConstruct.Props(c, code, ledger, network, failedRuns)));
            if (config.fba().enabled() && c.channel().type() == MallType.AMAZON) {
                fbaSyncs.add(new FbaSyncConstruct(this, "Fba" + pascal(c.channel().id()), new FbaSyncConstruct.Props(
                        c, config.fba(), code, ledger, channels, network, failedRuns)));
            }
        }
        if (config.fba().enabled()) {
            // FBA_INVENTORY_AVAILABILITY_CHANGES arrive on the notification queue; its consumer
            // already writes stock and journal (grantLedgerWrites) and the channels table
            notifications.forEach(n -> FbaSyncConstruct.applyFbaSettings(n.function(), config.fba()));
        }

        List<QueueWithDlq> queues = new ArrayList<>();
        queues.add(ledger.orders());
        channels.forEach(c -> queues.add(c.pushQueue()));
        notifications.forEach(n -> queues.add(n.queue()));
        List<ZaikoFunction> orderAppliers = new ArrayList<>();
        orderAppliers.add(ledger.ledger());
        webhook.ifPresent(w -> orderAppliers.add(w.function()));
        notifications.forEach(n -> orderAppliers.add(n.function()));
        this.alarms = new AlarmsConstruct(this, "Alarms", new AlarmsConstruct.Props(
                config.alertEmail(), queues, orderAppliers, ledger.ledger(), channels,
                reconcilers.stream().map(ReconcilerConstruct::function).toList(),
                fbaSyncs.stream().map(FbaSyncConstruct::function).toList(), Optional.of(failedRuns)));

        webhook.ifPresent(w -> {
            CfnOutput.Builder.create(this, "WebhookBaseUrl").value(w.baseUrl())
                    .description("Order webhooks: append the channel id").build();
            for (ChannelConfig c : w.webhookChannels()) {
                CfnOutput.Builder.create(this, "WebhookUrl" + pascal(c.id())).value(w.urlOf(c))
                        .description("Register this URL as the " + c.type().configName() + " order webhook of "
                                + c.id()).build();
            }
        });
        for (int i = 0; i < notifications.size(); i++) {
            SpApiNotificationsConstruct n = notifications.get(i);
            CfnOutput.Builder.create(this, i == 0 ? "SpApiNotificationQueueArn"
                            : "SpApiNotificationQueueArn" + pascal(channelOf(n)))
                    .value(n.queue().queue().getQueueArn())
                    .description("Create an SP-API notification destination with this SQS ARN ("
                            + channelOf(n) + ")").build();
        }
        egress.ifPresent(e -> CfnOutput.Builder.create(this, "FixedEgressIp").value(e.publicIp())
                .description("Register this caller IP with the malls that require one").build());
        CfnOutput.Builder.create(this, "ConsoleUrl").value(console.url())
                .description("The web console (sign in with the alert e-mail; Cognito sends its temporary password)")
                .build();
        CfnOutput.Builder.create(this, "ConsoleUserPoolId").value(console.userPool().getUserPoolId())
                .description("Add more console users here").build();
        CfnOutput.Builder.create(this, "AlertTopicArn").value(alarms.topic().getTopicArn()).build();
        CfnOutput.Builder.create(this, "FailedRunsQueueUrl").value(failedRuns.queue().getQueueUrl())
                .description("Failed reconciler / FBA sync runs: read the error, fix, purge").build();
    }

    private static String channelOf(SpApiNotificationsConstruct n) {
        return n.amazonChannel().channel().id();
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

    public LedgerConstruct ledger() {
        return ledger;
    }

    public List<ChannelConstruct> channels() {
        return List.copyOf(channels);
    }

    public Optional<EgressConstruct> egress() {
        return egress;
    }

    public Optional<WebhookConstruct> webhook() {
        return webhook;
    }

    public List<SpApiNotificationsConstruct> notifications() {
        return List.copyOf(notifications);
    }

    public FailedRunsQueue failedRuns() {
        return failedRuns;
    }

    public List<ReconcilerConstruct> reconcilers() {
        return List.copyOf(reconcilers);
    }

    public List<FbaSyncConstruct> fbaSyncs() {
        return List.copyOf(fbaSyncs);
    }

    public AdminConsoleConstruct console() {
        return console;
    }

    public AlarmsConstruct alarms() {
        return alarms;
    }
}
