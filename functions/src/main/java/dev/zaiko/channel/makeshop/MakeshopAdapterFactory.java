package dev.zaiko.channel.makeshop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.support.GraphQlCaller;
import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
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
 *       webhooks are not accepted for this channel. With it, the option {@code signatureScheme} is
 *       required (see {@link MakeshopApi.SignatureScheme}): the adapter refuses to start without it.</li>
 *   <li>{@code accessTokenExpiresAt} (optional): ISO instant or date; warned 14 days ahead (the token
 *       itself is permanent until the app is uninstalled).</li>
 * </ul>
 * Options: {@code baseUrl} (the host e-mailed on approval; default {@value MakeshopApi#DEFAULT_BASE_URL};
 * a simulator in tests).
 *
 * <p><b>EXPERIMENTAL</b>: see {@link #EXPERIMENTAL}.
 *
 * <p>Item keys: {@code systemCode} (商品番号) for a simple product, {@code systemCode:variationCustomCode}
 * for a variation. Rate limit: {@link MakeshopApi#CALLS_PER_SECOND} request/s (UNCONFIRMED).
 * Whether makeshop needs a fixed caller IP is unconfirmed. Everything unconfirmed sits in {@link MakeshopApi}.
 */
public final class MakeshopAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "makeshop";

    /** Why makeshop is experimental; shown by {@code ./zaiko channels} and the console. */
    static final String EXPERIMENTAL = "makeshop's stock mutations, their result values, the webhook signature"
            + " and the API endpoint have no public source; zaiko's guesses are marked UNCONFIRMED in MakeshopApi."
            + " Check stock writes and one webhook delivery against a real shop before relying on this channel.";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<String> experimental() {
        return Optional.of(EXPERIMENTAL);
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        ObjectMapper json = new ObjectMapper();
        MakeshopAuth auth = new MakeshopAuth(settings);
        URI endpoint = MallHttp.resolve(settings.option("baseUrl").orElse(MakeshopApi.DEFAULT_BASE_URL),
                MakeshopApi.GRAPHQL_PATH);
        GraphQlCaller graphQl = new GraphQlCaller(MakeshopApi.GRAPHQL, json, new MallHttp(), endpoint, auth::apply,
                ChannelLimits.bucket(settings, "graphql", MakeshopApi.CALLS_PER_SECOND, MakeshopApi.BURST), settings.channelId(),
                ChannelLimits.sleeper(settings.clock()));
        MakeshopOrderSource orders = new MakeshopOrderSource(json, graphQl, openOrders, settings.channelId());
        // No default scheme: a guessed one would answer 401 to every real delivery without anyone noticing.
        Optional<WebhookVerifier> verifier = settings.optionalCredential("webhookSecret")
                .map(secret -> new MakeshopWebhookVerifier(secret, settings.clock(), MakeshopApi.SignatureScheme.parse(
                        settings.channelId(), settings.option(MakeshopApi.SIGNATURE_SCHEME_OPTION))));
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
