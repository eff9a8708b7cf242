package dev.zaiko.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.channel.amazon.SpApiNotificationRouter;
import dev.zaiko.schema.Names;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployedChannelsTest {
    private final Map<String, String> parameters = new TreeMap<>(Map.of(
            "/zaiko/channels/rakuten-main/config", "{\"type\":\"rakuten\",\"pollIntervalSeconds\":60,\"webhook\":false,"
                    + "\"fixedIp\":false,\"reconcileMode\":\"report\",\"options\":{}}",
            "/zaiko/channels/yahoo-main/config", "{\"type\":\"yahoo\",\"pollIntervalSeconds\":30,\"webhook\":false,"
                    + "\"fixedIp\":true,\"reconcileMode\":\"repair\",\"options\":{\"sellerId\":\"shop1\"}}"));
    private final AtomicInteger reads = new AtomicInteger();
    private final DeployedChannels.ParameterSource source = new DeployedChannels.ParameterSource() {
        @Override
        public Optional<String> get(String name) {
            reads.incrementAndGet();
            return Optional.ofNullable(parameters.get(name));
        }

        @Override
        public Map<String, String> byPath(String path) {
            return parameters;
        }
    };
    private final DeployedChannels channels = new DeployedChannels("zaiko", source,
            ref -> Map.of("serviceSecret", "s", "licenseKey", "k", "ref", ref), id -> null, Clock.systemUTC(),
            new ObjectMapper());

    @Test
    void aChannelIsFoundByItsConfigParameterAndReadOnceWithinTheTtl() {
        DeployedChannels.Descriptor yahoo = channels.descriptor("yahoo-main").orElseThrow();
        channels.descriptor("yahoo-main");

        assertThat(yahoo.type()).isEqualTo("yahoo");
        assertThat(yahoo.pollIntervalSeconds()).isEqualTo(30);
        assertThat(yahoo.fixedIp()).isTrue();
        assertThat(yahoo.options()).containsEntry("sellerId", "shop1");
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void unknownOrMalformedIdsAreNoChannel() {
        assertThat(channels.descriptor("shopify-main")).isEmpty();
        assertThat(channels.descriptor("../../etc")).isEmpty();
        assertThat(channels.descriptor(null)).isEmpty();
        assertThatThrownBy(() -> channels.runtime("shopify-main"))
                .hasMessageContaining("/zaiko/channels/shopify-main/config");
    }

    @Test
    void allListsEveryConfigParameterSortedById() {
        assertThat(channels.all()).extracting(DeployedChannels.Descriptor::id)
                .containsExactly("rakuten-main", "yahoo-main");
        assertThat(channels.all().get(0).reconcileMode()).isEqualTo("report");
    }

    @Test
    void theRuntimeReadsCredentialsFromTheChannelsSecureStringParameter() {
        ChannelRuntime rakuten = channels.runtime("rakuten-main");

        assertThat(rakuten.type()).isEqualTo("rakuten");
        assertThat(Names.channelCredentialsParameter("zaiko", "rakuten-main"))
                .isEqualTo("/zaiko/channels/rakuten-main/credentials");
        assertThat(channels.runtime("rakuten-main")).isSameAs(rakuten);
    }

    @Test
    void spApiNotificationsAreRoutedBySellerAndApplicationAndOthersDropped() {
        SpApiNotificationRouter router = new SpApiNotificationRouter();
        List<SpApiNotificationRouter.AmazonChannel> amazon = List.of(
                new SpApiNotificationRouter.AmazonChannel("amazon-a", Map.of("sellerId", "SELLER1", "applicationId", "app1")),
                new SpApiNotificationRouter.AmazonChannel("amazon-b", Map.of("sellerId", "SELLER2", "applicationId", "app1")));
        String template = "{\"NotificationType\":\"ORDER_CHANGE\",\"NotificationMetadata\":{\"ApplicationId\":\"%s\"},"
                + "\"Payload\":{\"OrderChangeNotification\":{\"SellerId\":\"%s\"}}}";

        assertThat(router.route(template.formatted("app1", "SELLER2"), amazon))
                .isEqualTo(new SpApiNotificationRouter.Route.Matched("amazon-b"));
        assertThat(router.route(template.formatted("other-app", "SELLER1"), amazon))
                .isEqualTo(new SpApiNotificationRouter.Route.Dropped("ApplicationId does not match channel amazon-a"));
        assertThat(router.route(template.formatted("app1", "SELLER9"), amazon))
                .isEqualTo(new SpApiNotificationRouter.Route.Dropped("SellerId matches no amazon channel"));
        assertThat(router.route("{\"Payload\":{}}", amazon))
                .isEqualTo(new SpApiNotificationRouter.Route.Dropped("no SellerId or ApplicationId"));
    }

    @Test
    void metricsAreEmfWithTheChannelDimension() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Metrics.emf(Metrics.POLL_FAILURES, "rakuten-main", 1, 1000));

        assertThat(json).isEqualTo("{\"_aws\":{\"Timestamp\":1000,\"CloudWatchMetrics\":[{\"Namespace\":\"ZaikoSync\","
                + "\"Dimensions\":[[\"channel\"],[]],\"Metrics\":[{\"Name\":\"PollFailures\",\"Unit\":\"Count\"}]}]},"
                + "\"channel\":\"rakuten-main\",\"PollFailures\":1,\"event\":\"metric\"}");
    }
}
