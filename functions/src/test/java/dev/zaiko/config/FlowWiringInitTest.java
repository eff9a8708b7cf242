package dev.zaiko.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Lambda's init builds (cold start): the DynamoDB and SQS clients, not the HTTP client,
 * the JSON mapper, the SSM client or the Lambda client, which the first call (or the SnapStart
 * priming) builds once for the container. No network: nothing here sends a request.
 */
class FlowWiringInitTest {
    private static final Map<String, String> ENV = Map.of(
            "AWS_REGION", "ap-northeast-1",
            "ZAIKO_PREFIX", "zaikosync",
            "ZAIKO_ACCOUNT_ID", "123456789012",
            "PUSHER_FUNCTION_ARN", "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-pusher:live",
            "ORDERS_QUEUE_URL", "https://sqs.ap-northeast-1.amazonaws.com/123456789012/zaikosync-orders");

    @Test
    void handlerWiringBuildsNoHttpClientMapperSsmOrLambdaClient() {
        FlowWiring wiring = new FlowWiring(ENV);
        // what the handlers' constructors ask for
        wiring.deployedChannels();
        wiring.pusherTrigger();
        wiring.pollTrigger();
        wiring.composition().ledger();
        wiring.orderEventCodec();
        wiring.orderQueue();
        wiring.secrets();

        assertThat(wiring.built()).isEmpty();
    }

    @Test
    void theMapperIsMadeOncePerContainerAtFirstUse() {
        FlowWiring wiring = new FlowWiring(ENV);
        var codec = wiring.orderEventCodec();

        SnapStartHooks.primeJson(wiring);

        assertThat(wiring.built()).isEqualTo(List.of("mapper"));
        assertThat(wiring.mapper()).isSameAs(wiring.mapper());
        assertThat(codec.fromJson(codec.toJson(new dev.zaiko.domain.OrderEvent("rakuten-main", "1", "1", "sku-1", 2,
                dev.zaiko.domain.OrderAction.RESERVE, "", java.time.Instant.EPOCH,
                dev.zaiko.domain.EventOrigin.POLL))).quantity()).isEqualTo(2);
    }
}
