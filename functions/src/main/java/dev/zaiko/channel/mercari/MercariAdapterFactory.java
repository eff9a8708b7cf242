package dev.zaiko.channel.mercari;

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
 * Mercari Shops (メルカリShops) through its GraphQL Shops API.
 *
 * <p><b>Fixed IP in Japan required.</b> Mercari accepts API calls only from caller IP addresses the
 * shop registered in advance: fixed, not shared, in Japan, single addresses (no CIDR), separate lists
 * for sandbox and production. Calls from anywhere else get a bare HTTP 404, which this adapter reports
 * as AUTH with a message asking the seller to register the egress IP. On AWS, run this channel's
 * poller and pusher in a VPC in ap-northeast-1 behind a NAT with an Elastic IP.
 *
 * <p>Secret (JSON keys):
 * <ul>
 *   <li>{@code accessToken} (required): the shop's personal API access token (Bearer). Mercari states
 *       no expiry; revoked tokens give 401 (AUTH).</li>
 *   <li>{@code accessTokenExpiresAt} (optional): ISO instant or date of a planned rotation; we warn
 *       14 days before it.</li>
 *   <li>{@code webhookToken} (optional, at least 24 random characters): the per-channel secret in the
 *       webhook endPoint URL; without it webhooks are not accepted for this channel.</li>
 *   <li>{@code clientName} (required unless given as an option): API_CLIENT_NAME assigned by Mercari
 *       at contract time.</li>
 * </ul>
 * Options: {@code baseUrl} (default {@value MercariApi#DEFAULT_BASE_URL}; the sandbox is
 * {@code https://api.mercari-shops-sandbox.com}; a simulator in tests), {@code clientName},
 * {@code clientVersion} (default "0.0.0"); together they form the required
 * {@code User-Agent: <clientName>/<clientVersion>}.
 *
 * <p>Item key: the variant's {@code skuCode}. Stock writes: {@code updateProductVariants}, 20 per
 * call. Rate limit: {@link MercariApi#CALLS_PER_SECOND} from ~10,000 cost points per hour
 * (UNCONFIRMED). Everything unconfirmed sits in {@link MercariApi}.
 */
public final class MercariAdapterFactory implements ChannelAdapterFactory {
    public static final String TYPE = "mercari";

    /** Option {@code shopId}: the shop's id in the seller screen's address, for order links. */
    @Override
    public dev.zaiko.domain.channel.SellerScreen sellerScreen(java.util.Map<String, String> options) {
        return new MercariSellerScreen(java.util.Optional.ofNullable(options.get("shopId")));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders) {
        ObjectMapper json = new ObjectMapper();
        MercariAuth auth = new MercariAuth(settings);
        URI endpoint = MallHttp.resolve(settings.option("baseUrl").orElse(MercariApi.DEFAULT_BASE_URL),
                MercariApi.GRAPHQL_PATH);
        GraphQlCaller graphQl = new GraphQlCaller(MercariApi.GRAPHQL, json, new MallHttp(), endpoint, auth::apply,
                ChannelLimits.bucket(settings, "graphql", MercariApi.CALLS_PER_SECOND, MercariApi.BURST), settings.channelId(),
                ChannelLimits.sleeper(settings.clock()));
        MercariOrderSource orders = new MercariOrderSource(json, graphQl, openOrders, settings.channelId());
        Optional<WebhookVerifier> verifier = settings.optionalCredential("webhookToken")
                .map(MercariWebhookVerifier::new);
        return new MercariAdapter(orders, new MercariStockSink(json, graphQl), new MercariStockReader(json, graphQl),
                verifier, new MercariWebhookOrders(json, orders), auth);
    }

    @Override
    public java.util.List<CredentialKey> credentialKeys() {
        return java.util.List.of(
                new CredentialKey("accessToken", true, "Mercari Shops API access token"),
                new CredentialKey("clientName", true, "client name"),
                new CredentialKey("accessTokenExpiresAt", false, "token expiry (YYYY-MM-DD)"));
    }
}
