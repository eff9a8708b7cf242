package dev.zaiko.adapter.lambda;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 再取得 invoke as the SDK sends it, caught by a local HTTP server standing in for the Lambda
 * endpoint (a free port on 127.0.0.1): the reconciler's ARN in the path, an asynchronous Event
 * invocation, the channel and REPORT mode in the body. Whether real Lambda accepts it with the
 * stack's grants is unverified here (no AWS account).
 */
class SdkReconcileTriggerIT {
    record Seen(String method, String path, String invocationType, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer server;
    LambdaClient lambda;
    volatile int status = 202;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        lambda = LambdaClient.builder().region(Region.AP_NORTHEAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        server.stop(0);
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
        status = 200;
        SdkReconcileTrigger trigger = new SdkReconcileTrigger(lambda, "zaiko-reconciler", Optional.empty(),
                Set.of("yahoo-main")::contains);

        assertThatThrownBy(() -> trigger.start("rakuten-main"))
                .hasMessage("invoking zaiko-reconciler for rakuten-main answered HTTP 200");
        assertThatThrownBy(() -> trigger.start("yahoo-main"))
                .hasMessage("channel yahoo-main needs the fixed IP but RECONCILER_FIXED_IP_FUNCTION_ARN is not set");
    }
}
