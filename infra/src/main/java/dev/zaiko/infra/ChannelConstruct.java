package dev.zaiko.infra;

import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.schema.Names;
import dev.zaiko.schema.Names.ConfigFields;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one channel account adds to the stack, and nothing more (five resources; six with FBA
 * sync): its config parameter (a String parameter, standard tier, fixed name
 * {@link Names#channelConfigParameter}), its push queue (fixed name; the DLQ is shared), and its
 * schedules, which invoke the shared functions with {@code {"channelId": ...}}.
 *
 * <p>The credentials parameter ({@link Names#channelCredentialsParameter}) is NOT created here:
 * CloudFormation cannot create SecureString parameters. {@code zaiko secrets put --channel ID}
 * writes it.
 *
 * <p>Schedules have flexible time windows so channels do not all fire in the same second: polls
 * within one minute (or their interval), reconciles within 15 minutes.
 */
public final class ChannelConstruct extends Construct {
    public static final int RECONCILE_WINDOW_MINUTES = 15;

    public record Props(ChannelConfig channel, Deployment deployment, ChannelFunctions functions,
                        PushQueues pushQueues, Optional<ZaikoFunction> fbaSync, int fbaMinutes) {
        public Props {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(pushQueues, "pushQueues");
            Objects.requireNonNull(fbaSync, "fbaSync");
        }
    }

    private final ChannelConfig channel;
    private final StringParameter config;
    private final Queue pushQueue;
    private final Schedule pollSchedule;
    private final Schedule reconcileSchedule;
    private final Optional<Schedule> fbaSchedule;

    public ChannelConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.channel = props.channel();
        String prefix = props.deployment().prefix();
        this.config = StringParameter.Builder.create(this, "Config")
                .parameterName(Names.channelConfigParameter(prefix, channel.id()))
                .description("zaiko-sync settings of channel " + channel.id() + " (" + channel.type().configName() + ")")
                .stringValue(configJson(channel))
                .tier(ParameterTier.STANDARD)
                .build();
        this.pushQueue = props.pushQueues().add(channel.id());

        ChannelFunctions.Trio functions = props.functions().of(channel);
        Map<String, Object> input = Map.of(Names.CHANNEL_ID_INPUT, channel.id());
        int rate = channel.scheduleRateMinutes();
        this.pollSchedule = schedule("PollSchedule", functions.poller(), props.functions(), rate, Math.min(rate, 5),
                Duration.minutes(2), input, "zaiko-sync: poll " + channel.id() + " every "
                        + channel.pollIntervalSeconds() + " s");
        this.reconcileSchedule = schedule("ReconcileSchedule", functions.reconciler(), props.functions(),
                channel.reconcileMinutes(), Math.min(channel.reconcileMinutes(), RECONCILE_WINDOW_MINUTES),
                Duration.minutes(15), input, "zaiko-sync: reconcile " + channel.id() + " every "
                        + channel.reconcileMinutes() + " min (" + channel.reconcileMode().configName() + ")");
        this.fbaSchedule = props.fbaSync().map(fba -> schedule("FbaSchedule", fba, props.functions(),
                props.fbaMinutes(), 5, Duration.minutes(5), input,
                "zaiko-sync: FBA counts of " + channel.id() + " every " + props.fbaMinutes() + " min"));
    }

    private Schedule schedule(String id, ZaikoFunction target, ChannelFunctions functions, int minutes,
                              int windowMinutes, Duration maxEventAge, Map<String, Object> input, String description) {
        return Schedule.Builder.create(this, id)
                .description(description)
                .schedule(ScheduleExpression.rate(Duration.minutes(minutes)))
                .timeWindow(TimeWindow.flexible(Duration.minutes(windowMinutes)))
                .target(new LambdaInvoke(target.alias(), ScheduleTargetBaseProps.builder()
                        .role(functions.scheduleRole())
                        .input(ScheduleTargetInput.fromObject(input))
                        .retryAttempts(0)
                        .maxEventAge(maxEventAge)
                        .build()))
                .build();
    }

    /** The config parameter's value: the fields {@link ConfigFields} names, one line of JSON. */
    public static String configJson(ChannelConfig channel) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ConfigFields.TYPE, channel.type().configName());
        json.put(ConfigFields.POLL_INTERVAL_SECONDS, channel.pollIntervalSeconds());
        json.put(ConfigFields.WEBHOOK, channel.webhook());
        json.put(ConfigFields.FIXED_IP, channel.fixedIp());
        json.put(ConfigFields.RECONCILE_MODE, channel.reconcileMode().configName());
        StringBuilder out = new StringBuilder("{");
        json.forEach((k, v) -> out.append('"').append(k).append("\":")
                .append(v instanceof String s ? "\"" + s + "\"" : v).append(','));
        return out.append('"').append(ConfigFields.OPTIONS).append("\":").append(channel.optionsJson()).append('}')
                .toString();
    }

    public ChannelConfig channel() {
        return channel;
    }

    public StringParameter config() {
        return config;
    }

    public Queue pushQueue() {
        return pushQueue;
    }

    public Schedule pollSchedule() {
        return pollSchedule;
    }

    public Schedule reconcileSchedule() {
        return reconcileSchedule;
    }

    public Optional<Schedule> fbaSchedule() {
        return fbaSchedule;
    }
}
