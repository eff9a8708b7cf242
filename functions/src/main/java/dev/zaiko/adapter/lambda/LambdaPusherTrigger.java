package dev.zaiko.adapter.lambda;

import dev.zaiko.domain.port.PusherTrigger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Wakes a channel's pusher by an asynchronous Lambda invocation ({@code Invoke} with
 * {@code X-Amz-Invocation-Type: Event}: about 20 ms, $0.20 per million). The call is signed with
 * SigV4 by the SDK's own signer and sent on the url-connection client: the Lambda SDK module is not
 * needed for one operation (and is not served by this project's Maven mirror). Function names come
 * from {@code PUSHER_FUNCTION_<CHANNEL>}; the endpoint honours {@code AWS_ENDPOINT_URL_LAMBDA} /
 * {@code AWS_ENDPOINT_URL} like the SDK clients.
 */
public final class LambdaPusherTrigger implements PusherTrigger {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Map<String, String> environment;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public LambdaPusherTrigger(Map<String, String> environment) {
        this(UrlConnectionHttpClient.create(), DefaultCredentialsProvider.builder().build(), environment);
    }

    public LambdaPusherTrigger(SdkHttpClient http, AwsCredentialsProvider credentials, Map<String, String> environment) {
        this.http = http;
        this.credentials = credentials;
        this.environment = Map.copyOf(environment);
    }

    public static String envVarFor(String channelId) {
        return "PUSHER_FUNCTION_" + channelId.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public void wake(Collection<String> channelIds) {
        String region = environment.getOrDefault("AWS_REGION", "ap-northeast-1");
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_LAMBDA",
                environment.getOrDefault("AWS_ENDPOINT_URL", "https://lambda." + region + ".amazonaws.com"));
        for (String channelId : channelIds) {
            String function = environment.get(envVarFor(channelId));
            if (function == null || function.isBlank()) {
                throw new IllegalStateException("no " + envVarFor(channelId) + " in this function's environment");
            }
            String body = "{\"channelId\":\"" + channelId + "\",\"reason\":\"wake\"}";
            SdkHttpRequest request = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(URI.create(endpoint + "/2015-03-31/functions/"
                            + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations"))
                    .putHeader("X-Amz-Invocation-Type", "Event")
                    .putHeader("Content-Type", "application/json")
                    .build();
            SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                    .request(request)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build());
            try {
                HttpExecuteResponse response = call.call();
                response.responseBody().ifPresent(stream -> {
                    try (stream) {
                        stream.readAllBytes();
                    } catch (IOException ignored) {
                        // The body of a 202 carries nothing we need.
                    }
                });
                int status = response.httpResponse().statusCode();
                if (status != 202) {
                    throw new IllegalStateException("waking " + function + " answered HTTP " + status);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("waking " + function + " failed", e);
            }
        }
    }
}
