package dev.zaiko.adapter.lambda;

import dev.zaiko.domain.port.PusherTrigger;
import dev.zaiko.schema.Names;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Wakes the pusher for a channel with an asynchronous Lambda invocation (the SDK's {@code lambda}
 * module, {@code InvocationType=Event}: about 20 ms, $0.20 per million). One pusher function serves
 * every channel, so the wake-up carries the channel id ({@code {"channelId": ...}}); channels with
 * {@code fixedIp} go to the pusher in the VPC.
 */
public final class SdkPusherTrigger implements PusherTrigger {
    private final LambdaClient lambda;
    private final String pusher;
    private final Optional<String> fixedIpPusher;
    private final Predicate<String> needsFixedIp;

    public SdkPusherTrigger(LambdaClient lambda, String pusher, Optional<String> fixedIpPusher,
                            Predicate<String> needsFixedIp) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.pusher = Objects.requireNonNull(pusher, "pusher");
        this.fixedIpPusher = Objects.requireNonNull(fixedIpPusher, "fixedIpPusher");
        this.needsFixedIp = Objects.requireNonNull(needsFixedIp, "needsFixedIp");
    }

    /** The function a channel's wake-up goes to. */
    public String functionFor(String channelId) {
        if (needsFixedIp.test(channelId)) {
            return fixedIpPusher.orElseThrow(() -> new IllegalStateException("channel " + channelId
                    + " needs the fixed IP but " + Names.PUSHER_FIXED_IP_FUNCTION_ENV + " is not set"));
        }
        return pusher;
    }

    public static String payload(String channelId) {
        // channel ids are [a-z0-9-]: nothing to escape
        return "{\"" + Names.CHANNEL_ID_INPUT + "\":\"" + channelId + "\",\"reason\":\"wake\"}";
    }

    @Override
    public void wake(Collection<String> channelIds) {
        for (String channelId : channelIds) {
            String function = functionFor(channelId);
            InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(payload(channelId))));
            if (response.statusCode() != 202) {
                throw new IllegalStateException("waking " + function + " for " + channelId + " answered HTTP "
                        + response.statusCode());
            }
        }
    }
}
