package dev.zaiko.config;

import dev.zaiko.adapter.lambda.SdkPollTrigger;
import dev.zaiko.domain.port.PollTrigger;
import dev.zaiko.support.InMemoryChannelStates;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll trigger the pusher and the reconciler get on AWS never fails them: a poll that could not
 * be started is one log line ({@code poll_now_failed}, naming why) and the schedule polls later.
 * No network: the trigger fails on its configuration before any request.
 */
class PollTriggerWiringTest {
    @Test
    void aPollThatCannotStartIsLoggedAndNotThrown() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (LambdaClient lambda = LambdaClient.builder().region(Region.AP_NORTHEAST_1)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            // a pusher whose function has no POLLER_FUNCTION_ARN
            SdkPollTrigger unconfigured = new SdkPollTrigger(lambda, Optional.empty(), Optional.empty(), id -> false,
                    new InMemoryChannelStates(), Clock.systemUTC(), Duration.ofSeconds(30));
            PollTrigger wired = FlowWiring.neverFailing(() -> unconfigured);

            JsonLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                wired.pollNow("rakuten-main");
            } finally {
                JsonLog.redirect(System.out);
            }
        }

        String line = log.toString(StandardCharsets.UTF_8);
        assertThat(line).contains("\"level\":\"WARN\"", "\"event\":\"poll_now_failed\"", "\"channel\":\"rakuten-main\"",
                "\"error\":\"channel rakuten-main is polled outside the VPC but POLLER_FUNCTION_ARN is not set\"");
        assertThat(line.lines()).hasSize(1);
    }
}
