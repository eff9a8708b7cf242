package dev.zaiko.channel.amazon;

import dev.zaiko.channel.support.ChannelLimits;
import dev.zaiko.channel.support.MallHttp;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.ChannelSettings;
import dev.zaiko.domain.channel.CredentialStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Amazon SP-API (JP) for one seller account; see {@link AmazonAdapterFactory} for its settings. */
public final class AmazonAdapter implements ChannelAdapter {
    private final ChannelSettings settings;
    private final AmazonOrderSource orders;
    private final AmazonStockSink stock;
    private final AmazonStockReader reader;
    private final AmazonFbaInventory fba;
    private final AmazonCatalogReader catalog;
    private final AmazonFulfillmentOutbound fulfillment;

    public AmazonAdapter(ChannelSettings settings) {
        this(settings, new MallHttp(), ChannelLimits.sleeper(settings.clock()));
    }

    /** @param sleeper how rate-limit waits happen; tests pass one that advances a virtual clock */
    public AmazonAdapter(ChannelSettings settings, MallHttp http, TokenBucket.Sleeper sleeper) {
        this.settings = settings;
        String sellerId = settings.credential("sellerId");
        String marketplaceId = settings.option("marketplaceId").orElse(AmazonApi.JP_MARKETPLACE_ID);
        LwaAuth auth = new LwaAuth(http, settings.option("lwaUrl").orElse(AmazonApi.DEFAULT_LWA_URL),
                settings.credential("clientId"), settings.credential("clientSecret"),
                settings.credential("refreshToken"), settings.clock());
        SpApiClient client = new SpApiClient(http, auth, settings.option("baseUrl").orElse(AmazonApi.DEFAULT_BASE_URL),
                sleeper, ChannelLimits.named(settings, sleeper));
        this.orders = new AmazonOrderSource(settings.channelId(), marketplaceId,
                intOption("maxResultsPerPage", AmazonApi.MAX_RESULTS_PER_PAGE), client, settings.clock());
        this.stock = new AmazonStockSink(sellerId, marketplaceId,
                settings.option("productType").orElse(AmazonApi.DEFAULT_PRODUCT_TYPE),
                intOption("feedThreshold", AmazonApi.DEFAULT_FEED_THRESHOLD),
                Duration.ofSeconds(intOption("feedWaitSeconds", (int) AmazonApi.DEFAULT_FEED_WAIT.toSeconds())),
                client, http);
        this.reader = new AmazonStockReader(sellerId, marketplaceId, client);
        this.fba = new AmazonFbaInventory(marketplaceId, client);
        this.catalog = new AmazonCatalogReader(sellerId, marketplaceId, client);
        this.fulfillment = new AmazonFulfillmentOutbound(marketplaceId, client);
        clientSecretExpiry(); // a malformed date fails at start-up, not at the first alarm check
    }

    @Override
    public String type() {
        return AmazonAdapterFactory.TYPE;
    }

    @Override
    public AmazonOrderSource orders() {
        return orders;
    }

    @Override
    public AmazonStockSink stock() {
        return stock;
    }

    @Override
    public AmazonStockReader shownStock() {
        return reader;
    }

    /** The seller's listings (searchListingsItems), for auto-link and import-amazon. */
    @Override
    public Optional<dev.zaiko.domain.channel.CatalogReader> catalog() {
        return Optional.of(catalog);
    }

    /** The FBA pool (read only), for the FBA sync. */
    @Override
    public Optional<dev.zaiko.domain.channel.FbaInventory> fbaInventory() {
        return Optional.of(fbaInventoryClient());
    }

    @Override
    public Optional<dev.zaiko.domain.channel.FulfillmentOrders> fulfillmentOrders() {
        return Optional.of(fulfillmentOutbound());
    }

    public AmazonFbaInventory fbaInventoryClient() {
        return fba;
    }

    /** Multi-channel fulfilment (MCF) orders, for the FBA sync. */
    public AmazonFulfillmentOutbound fulfillmentOutbound() {
        return fulfillment;
    }

    /** ORDER_CHANGE notifications from the SP-API SQS destination, as the notification-queue handler reads them. */
    @Override
    public java.util.Optional<dev.zaiko.domain.channel.NotificationOrders> notificationOrders() {
        return java.util.Optional.of(body -> AmazonOrderChangeParser.parse(settings.channelId(), body).events());
    }

    @Override
    public List<CredentialStatus> credentials() {
        return List.of(
                new CredentialStatus("LWA client secret", clientSecretExpiry(),
                        "Rotate the LWA client secret (Solution Provider Portal > Develop Apps, or the Application"
                                + " Management API rotateApplicationClientSecret), store the new secret and set"
                                + " clientSecretRotatedAt to today: " + AmazonApi.CLIENT_SECRET_ROTATION_DOC,
                        new CredentialStatus.Japanese("LWA クライアントシークレット",
                                "LWA クライアントシークレットを更新し（Solution Provider Portal > Develop Apps、または"
                                        + " Application Management API の rotateApplicationClientSecret）、新しいシークレットを"
                                        + "保存して clientSecretRotatedAt を今日の日付にしてください: "
                                        + AmazonApi.CLIENT_SECRET_ROTATION_DOC)),
                new CredentialStatus("LWA refresh token", Optional.empty(),
                        "Does not expire; if the seller revokes the app, authorise it again in Seller Central"
                                + " and store the new refreshToken.",
                        new CredentialStatus.Japanese("LWA リフレッシュトークン",
                                "期限はありません。出品者がアプリの認可を取り消したときは、セラーセントラルで再度認可し、"
                                        + "新しい refreshToken を保存してください。")));
    }

    /** Rotation date + 180 days; accepts a date ({@code 2026-01-15}) or an instant. */
    private Optional<Instant> clientSecretExpiry() {
        return settings.optionalCredential("clientSecretRotatedAt").map(value -> {
            Instant rotated;
            try {
                rotated = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("channel " + settings.channelId()
                        + ": secret key 'clientSecretRotatedAt' is not an ISO date or instant");
            }
            return rotated.plus(AmazonApi.CLIENT_SECRET_LIFETIME);
        });
    }

    private int intOption(String name, int fallback) {
        return settings.option(name).map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("channel " + settings.channelId() + ": option '" + name
                        + "' is not a whole number: " + value);
            }
        }).orElse(fallback);
    }
}
