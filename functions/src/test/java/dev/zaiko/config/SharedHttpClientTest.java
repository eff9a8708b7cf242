package dev.zaiko.config;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One HTTP client per container, built by the first request, never by an SDK client's builder. */
class SharedHttpClientTest {

    @Test
    void theRealClientIsBuiltOnceAtTheFirstRequestAndClosedOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        SharedHttpClient shared = new SharedHttpClient(() -> {
            builds.incrementAndGet();
            return new SdkHttpClient() {
                @Override
                public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                    return new ExecutableHttpRequest() {
                        @Override
                        public HttpExecuteResponse call() {
                            return HttpExecuteResponse.builder()
                                    .response(SdkHttpFullResponse.builder().statusCode(204).build()).build();
                        }

                        @Override
                        public void abort() {
                        }
                    };
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };
        });
        HttpExecuteRequest request = HttpExecuteRequest.builder().request(SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:9/")).build()).build();

        assertThat(shared.clientName()).isEqualTo("UrlConnection");
        assertThat(builds.get()).isZero();
        int first = shared.prepareRequest(request).call().httpResponse().statusCode();
        int second = shared.prepareRequest(request).call().httpResponse().statusCode();
        shared.close();

        assertThat(first).isEqualTo(204);
        assertThat(second).isEqualTo(204);
        assertThat(builds.get()).isEqualTo(1);
        assertThat(closes.get()).isEqualTo(1);
    }

    @Test
    void theSdkClientsOfOneWiringShareItAndTheirBuildersDoNotBuildIt() {
        SharedHttpClient shared = SharedHttpClient.urlConnection();
        try (var dynamo = AwsClients.dynamo(shared, "ap-northeast-1"); var sqs = AwsClients.sqs(shared, "ap-northeast-1")) {
            assertThat(shared.built()).isFalse();
        }
    }
}
