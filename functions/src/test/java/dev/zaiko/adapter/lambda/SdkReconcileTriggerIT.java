package dev.zaiko.adapter.lambda;

import dev.zaiko.adapter.lambda.LambdaStandIn.Seen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 再取得 invoke as the SDK sends it, caught by a local HTTP server standing in for the Lambda
 * endpoint (a free port on 127.0.0.1): the reconciler's ARN in the path, an asynchronous Event
 * invocation, the channel and REPORT mode in the body. Whether real Lambda accepts it with the
 * stack's grants is unverified here (no AWS account).
 */
class SdkReconcileTriggerIT {
    final LambdaStandIn endpoint = new LambdaStandIn(); // a new one for each test: JUnit makes an instance per test
    final List<Seen> seen = endpoint.seen;
    final LambdaClient lambda = endpoint.lambda;

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void aChannelsReadIsAnAsynchronousInvokeOfItsReconcilerInReportMode() {
        SdkReconcileTrigger trigger = new SdkReconcileTrigger(lambda, "zaiko-reconciler", Optional.of("zaiko-reconciler-vpc"),
                Set.of("yahoo-main")::contains);

        trigger.start("rakuten-main");
        trigger.start("yahoo-main");

        assertThat(seen).containsExactly(
                new Seen("POST", "/2015-03-31/functions/zaiko-reconciler/invocations", "Event",
                        "{\"channelId\":\"rakuten-main\",\"mode\":\"report\"}"),
                new Seen("POST", "/2015-03-31/functions/zaiko-reconciler-vpc/invocations", "Event",
                        "{\"channelId\":\"yahoo-main\",\"mode\":\"report\"}"));
    }

    @Test
    void anAnswerOtherThanAcceptedIsAnErrorAndAMissingVpcReconcilerIsNamed() {
        endpoint.status = 200;
        SdkReconcileTrigger trigger = new SdkReconcileTrigger(lambda, "zaiko-reconciler", Optional.empty(),
                Set.of("yahoo-main")::contains);

        assertThatThrownBy(() -> trigger.start("rakuten-main"))
                .hasMessage("invoking zaiko-reconciler for rakuten-main answered HTTP 200");
        assertThatThrownBy(() -> trigger.start("yahoo-main"))
                .hasMessage("channel yahoo-main needs the fixed IP but RECONCILER_FIXED_IP_FUNCTION_ARN is not set");
    }
}
