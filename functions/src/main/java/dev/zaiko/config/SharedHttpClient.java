package dev.zaiko.config;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.util.function.Supplier;

/**
 * The one HTTP client every SDK client of a container shares, built at the first request.
 *
 * <p>Why: building {@link UrlConnectionHttpClient} builds its own {@code SSLContext} (JSSE
 * providers, the JDK's trust store parsed certificate by certificate), about a third of a
 * handler's init on a 2-core machine, once per SDK client. Shared, it is built once per
 * container; lazy, it is built by the first call (or by the SnapStart priming before the
 * snapshot), not in the init phase. The SDK does not close a client it was handed, so closing
 * the service clients leaves it open for the others.
 */
final class SharedHttpClient implements SdkHttpClient {
    private final Supplier<SdkHttpClient> factory;
    private volatile SdkHttpClient delegate;

    SharedHttpClient(Supplier<SdkHttpClient> factory) {
        this.factory = factory;
    }

    static SharedHttpClient urlConnection() {
        return new SharedHttpClient(() -> UrlConnectionHttpClient.builder().build());
    }

    /** Whether the real client was built (tests, and what the cold-start figures mean). */
    boolean built() {
        return delegate != null;
    }

    private SdkHttpClient delegate() {
        SdkHttpClient client = delegate;
        if (client == null) {
            synchronized (this) {
                client = delegate;
                if (client == null) {
                    client = factory.get();
                    delegate = client;
                }
            }
        }
        return client;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return delegate().prepareRequest(request);
    }

    @Override
    public String clientName() {
        // asked by the SDK when it builds a service client (user agent): answered without building
        return "UrlConnection";
    }

    @Override
    public synchronized void close() {
        if (delegate != null) {
            delegate.close();
        }
    }
}
