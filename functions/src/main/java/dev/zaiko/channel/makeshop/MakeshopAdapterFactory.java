package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.channel.WebhookVerifier;

import java.net.URI;
import java.util.Optional;

/**
 * makeshop (GMO MakeShop) through its next-generation GraphQL API. The legacy makeshop API
 * (apidoc.makeshop.jp, 認証コード per feature) is closing and is deliberately not supported.
 *
 * <p>Secret (JSON keys):
 * <ul>
 *   <li>{@code accessToken} (required): the permanent token ("PAT.…", from the app install webhook or
 *       API自社利用登録), sent as {@code authorization: Bearer}.</li>
 *   <li>{@code apiKey} (required): {@code x-api-key}. {@code x-timestamp} is generated per call.</li>
 *   <li>{@code webhookSecret} (optional): the HMAC-SHA256 key of the order update notice; without it
 *       webhooks are not accepted for this channel.</li>
 *   <li>{@code accessTokenExpiresAt} (optional): ISO instant or date; warned 14 days ahead (the token
 *       itself is permanent until the app is uninstalled).</li>
 * </ul>
 * Options: {@code baseUrl} (the host e-mailed on approval; default {@value MakeshopApi#DEFAULT_BASE_URL};
 * a simulator in tests).
 *
 * <p>Item keys: {@code systemCode} (商品番号) for a simple product, {@code systemCode:variationCustomCode}
 * for a variation. Rate limit: {@link MakeshopApi#CALLS_PER_SECOND} request/s (UNCONFIRMED).
 * Whether makeshop needs a fixed caller IP is unconfirmed. Everything unconfirmed sits in {@link MakeshopApi}.
 */
public final class MakeshopAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "makeshop";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        ObjectMapper json = new ObjectMapper();
        MakeshopAuth auth = new MakeshopAuth(settings);
        URI endpoint = MallHttp.resolve(settings.option("baseUrl").orElse(MakeshopApi.DEFAULT_BASE_URL),
                MakeshopApi.GRAPHQL_PATH);
        GraphQlCaller graphQl = new GraphQlCaller(MakeshopApi.GRAPHQL, json, new MallHttp(), endpoint, auth::apply,
                new TokenBucket(MakeshopApi.CALLS_PER_SECOND, MakeshopApi.BURST), settings.channelId());
        MakeshopOrderSource orders = new MakeshopOrderSource(json, graphQl, openOrders, settings.channelId());
        Optional<WebhookVerifier> verifier = settings.optionalCredential("webhookSecret")
                .map(secret -> new MakeshopWebhookVerifier(secret, settings.clock()));
        return new MakeshopAdapter(orders, new MakeshopStockSink(json, graphQl), new MakeshopStockReader(json, graphQl),
                verifier, new MakeshopWebhookOrders(json, orders, settings.channelId()), auth);
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("apiKey", true, "API key"),
                new CredentialKey("accessToken", true, "access token"),
                new CredentialKey("accessTokenExpiresAt", false, "token expiry (YYYY-MM-DD)"),
                new CredentialKey("webhookSecret", false, "webhook secret"));
    }
}
