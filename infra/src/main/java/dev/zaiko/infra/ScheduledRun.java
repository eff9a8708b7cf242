package dev.zaiko.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

import java.util.Map;
import java.util.Objects;

/**
 * An EventBridge Scheduler schedule that invokes one function's alias every few minutes, with a
 * role of its own that may invoke only that alias. Flexible window off (runs on the minute), no
 * Scheduler retries: Scheduler invokes Lambda asynchronously, so its retries only cover a failed
 * hand-over; a failed run is recorded by the function's own on-failure destination, and the next
 * tick runs again anyway.
 */
public final class ScheduledRun extends Construct {
    /**
     * @param target      the function whose alias is invoked
     * @param minutes     the rate, in whole minutes
     * @param description what the schedule does (console and template)
     * @param who         what the role may invoke, for its description ("the rakuten-main reconciler")
     */
    public record Props(ZaikoFunction target, int minutes, String description, String who) {
        public Props {
            Objects.requireNonNull(target, "target");
            if (minutes < 1) {
                throw new IllegalArgumentException("minutes must be >= 1: " + minutes);
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(who, "who");
        }
    }

    private final Role role;
    private final Schedule schedule;

    public ScheduledRun(Construct scope, String id, Props props) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .description("EventBridge Scheduler: may invoke " + props.who() + " only")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build()))
                .build();
        this.schedule = Schedule.Builder.create(this, "Schedule")
                .description(props.description())
                .schedule(ScheduleExpression.rate(Duration.minutes(props.minutes())))
                .timeWindow(TimeWindow.off())
                .target(new LambdaInvoke(props.target().alias(), ScheduleTargetBaseProps.builder()
                        .role(role)
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build()))
                .build();
    }

    public Role role() {
        return role;
    }

    public Schedule schedule() {
        return schedule;
    }
}
