package dev.zaiko.adapter.lambda;

import dev.zaiko.app.ops.ShownRefresh;
import dev.zaiko.schema.Names;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The console's 再取得 on AWS: an asynchronous invoke ({@code InvocationType=Event}) of the reconcile
 * function with {@code {"channelId": ..., "mode": "report"}}, the input its schedule sends plus the
 * mode override {@code ReconcileHandler} reads. The reconciler reads the mall through the channel's
 * adapter and shared rate buckets, pushes nothing, and stores its report, which the page polls.
 * Channels with {@code fixedIp} go to the reconciler in the VPC.
 */
public final class SdkReconcileTrigger implements ShownRefresh.Trigger {
    private final LambdaClient lambda;
    private final String reconciler;
    private final Optional<String> fixedIpReconciler;
    private final Predicate<String> needsFixedIp;

    public SdkReconcileTrigger(LambdaClient lambda, String reconciler, Optional<String> fixedIpReconciler,
                               Predicate<String> needsFixedIp) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.fixedIpReconciler = Objects.requireNonNull(fixedIpReconciler, "fixedIpReconciler");
        this.needsFixedIp = Objects.requireNonNull(needsFixedIp, "needsFixedIp");
    }

    /** The function a channel's read goes to. */
    public String functionFor(String channelId) {
        if (needsFixedIp.test(channelId)) {
            return fixedIpReconciler.orElseThrow(() -> new IllegalStateException("channel " + channelId
                    + " needs the fixed IP but " + Names.RECONCILER_FIXED_IP_FUNCTION_ENV + " is not set"));
        }
        return reconciler;
    }

    public static String payload(String channelId) {
        // channel ids are [a-z0-9-]: nothing to escape
        return "{\"" + Names.CHANNEL_ID_INPUT + "\":\"" + channelId + "\",\"mode\":\"report\"}";
    }

    @Override
    public void start(String channelId) {
        String function = functionFor(channelId);
        InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload(channelId))));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("invoking " + function + " for " + channelId + " answered HTTP "
                    + response.statusCode());
        }
    }
}
