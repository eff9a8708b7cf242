package dev.zaiko.adapter.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.adapter.lambda.LambdaStandIn.Seen;
import dev.zaiko.config.SqlStores;
import dev.zaiko.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Poll that channel now" as the SDK sends it, caught by a local HTTP server standing in for the
 * Lambda endpoint (a free port on 127.0.0.1): the poller's alias ARN in the path, an asynchronous
 * Event invocation, the schedule's input plus {@code "reason":"pollNow"} in the body; and the
 * debounce on the embedded SQL store's channel states, shared by two "containers", on a virtual
 * clock. Whether real Lambda accepts it with the stack's grants is unverified here (no AWS account).
 */
class SdkPollTriggerIT {
    static final String POLLER = "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-Poller:live";
    static final String VPC_POLLER = "arn:aws:lambda:ap-northeast-1:123456789012:function:zaiko-PollerFixedIp:live";
    static final String POLLER_PATH = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aap-northeast-1%3A123456789012"
            + "%3Afunction%3Azaiko-Poller%3Alive/invocations";
    static final String VPC_POLLER_PATH = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aap-northeast-1%3A123456789012"
            + "%3Afunction%3Azaiko-PollerFixedIp%3Alive/invocations";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T09:00:00Z"));
    final LambdaStandIn endpoint = new LambdaStandIn(); // a new one for each test: JUnit makes an instance per test
    final List<Seen> seen = endpoint.seen;
    final LambdaClient lambda = endpoint.lambda;
    final SqlStores stores = SqlStores.temporary(clock);

    @AfterEach
    void stop() {
        endpoint.close();
        stores.close();
    }

    /** One container's trigger: its own adapter on the shared store, yahoo-main needing the fixed IP. */
    SdkPollTrigger container() {
        return new SdkPollTrigger(lambda, Optional.of(POLLER), Optional.of(VPC_POLLER), Set.of("yahoo-main")::contains,
                stores.channelStates(), clock, Duration.ofSeconds(30));
    }

    @Test
    void aChannelsPollIsAnAsynchronousInvokeOfItsPollerWithTheScheduleInputAndThePollNowReason() {
        SdkPollTrigger trigger = container();

        assertThat(trigger.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        trigger.pollNow("yahoo-main");

        assertThat(seen).containsExactly(
                new Seen("POST", POLLER_PATH, "Event", "{\"channelId\":\"rakuten-main\",\"reason\":\"pollNow\"}"),
                new Seen("POST", VPC_POLLER_PATH, "Event", "{\"channelId\":\"yahoo-main\",\"reason\":\"pollNow\"}"));
    }

    @Test
    void thePayloadIsTheDocumentedPollNowEvent() throws Exception {
        Map<?, ?> documented = new ObjectMapper().readValue(
                Files.readString(Path.of("../events/scheduler/poll-now.json")), Map.class);
        Map<?, ?> sent = new ObjectMapper().readValue(SdkPollTrigger.payload("shopify-main"), Map.class);

        assertThat(sent).isEqualTo(documented).isEqualTo(Map.of("channelId", "shopify-main", "reason", "pollNow"));
    }

    @Test
    void aBurstWithinTheWindowInvokesOncePerChannelAcrossContainersAndAfterItAgain() {
        SdkPollTrigger first = container();
        SdkPollTrigger second = container();

        assertThat(first.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        clock.advance(Duration.ofSeconds(29));
        assertThat(second.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.DEBOUNCED);
        assertThat(first.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.DEBOUNCED);
        // another channel has its own window
        assertThat(second.request("shopify-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        assertThat(seen).extracting(Seen::body).containsExactly(
                "{\"channelId\":\"rakuten-main\",\"reason\":\"pollNow\"}",
                "{\"channelId\":\"shopify-main\",\"reason\":\"pollNow\"}");

        clock.advance(Duration.ofSeconds(1));
        assertThat(second.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        assertThat(first.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.DEBOUNCED);

        assertThat(seen).extracting(Seen::body).containsExactly(
                "{\"channelId\":\"rakuten-main\",\"reason\":\"pollNow\"}",
                "{\"channelId\":\"shopify-main\",\"reason\":\"pollNow\"}",
                "{\"channelId\":\"rakuten-main\",\"reason\":\"pollNow\"}");
    }

    @Test
    void aRefusedInvokeIsAnErrorAndTheWindowStillHoldsTheNextAskBack() {
        // what a missing grant answers: not retried by the SDK
        endpoint.status = 403;
        SdkPollTrigger trigger = container();

        assertThatThrownBy(() -> trigger.request("rakuten-main"))
                .hasMessageContaining("Status Code: 403");
        assertThat(seen).hasSize(1);
        // the schedule is the fallback: Lambda is not asked again within the window
        endpoint.status = 202;
        assertThat(trigger.request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.DEBOUNCED);
        assertThat(seen).hasSize(1);
    }

    @Test
    void anAcceptedAnswerOtherThan202IsAnError() {
        endpoint.status = 200;

        assertThatThrownBy(() -> container().request("rakuten-main"))
                .hasMessage("invoking " + POLLER + " to poll rakuten-main answered HTTP 200");
    }

    @Test
    void aMissingPollerIsNamedBeforeAnythingIsClaimed() {
        SdkPollTrigger outsideOnly = new SdkPollTrigger(lambda, Optional.of(POLLER), Optional.empty(),
                Set.of("yahoo-main")::contains, stores.channelStates(), clock, Duration.ofSeconds(30));
        SdkPollTrigger insideOnly = new SdkPollTrigger(lambda, Optional.empty(), Optional.of(VPC_POLLER),
                Set.of("yahoo-main")::contains, stores.channelStates(), clock, Duration.ofSeconds(30));

        assertThatThrownBy(() -> outsideOnly.request("yahoo-main"))
                .hasMessage("channel yahoo-main needs the fixed IP but POLLER_FIXED_IP_FUNCTION_ARN is not set");
        assertThatThrownBy(() -> insideOnly.request("rakuten-main"))
                .hasMessage("channel rakuten-main is polled outside the VPC but POLLER_FUNCTION_ARN is not set");
        assertThat(seen).isEmpty();
        // nothing was claimed: a correctly configured container polls at once
        assertThat(insideOnly.request("yahoo-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        assertThat(container().request("rakuten-main")).isEqualTo(SdkPollTrigger.Outcome.INVOKED);
        assertThat(seen).extracting(Seen::path).containsExactly(VPC_POLLER_PATH, POLLER_PATH);
    }
}
