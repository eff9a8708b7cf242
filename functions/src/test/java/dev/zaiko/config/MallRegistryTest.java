package dev.zaiko.config;

import dev.zaiko.deployconfig.MallType;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.schema.MallFacts;
import dev.zaiko.sim.MallSimulatorFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mall registry listed: the deploy-time facts (schema's data file, which MallType reads), the
 * adapter descriptors (functions' service entries) and the simulator factories (simulators' service
 * entries) name the same eight malls, and every mall's facts are complete.
 */
class MallRegistryTest {
    static final List<String> EIGHT = List.of("amazon", "rakuten", "yahoo", "shopify", "mercari", "qoo10", "aupay",
            "makeshop");

    @Test
    void factsAdaptersSimulatorsAndMallTypeAgreeOnTheEightMalls() {
        assertThat(MallFacts.types()).containsExactlyElementsOf(EIGHT);
        assertThat(MallRegistry.types()).containsExactlyElementsOf(EIGHT);
        assertThat(MallType.all()).extracting(MallType::configName).containsExactlyElementsOf(EIGHT);
        assertThat(ChannelAdapterFactory.all().keySet()).containsExactlyInAnyOrderElementsOf(EIGHT);
        assertThat(MallSimulatorFactory.all().keySet()).containsExactlyInAnyOrderElementsOf(EIGHT);
        for (MallRegistry.Mall mall : MallRegistry.all()) {
            assertThat(mall.adapter().type()).as("adapter of %s", mall.type()).isEqualTo(mall.type());
            assertThat(MallSimulatorFactory.all().get(mall.type()).type()).isEqualTo(mall.type());
        }
    }

    @Test
    void eachMallStatesItsNamesWebhooksFixedIpAndRateLimits() {
        List<MallFacts> all = MallFacts.all();
        assertThat(all).extracting(f -> f.name("ja")).containsExactly("Amazon", "楽天市場", "Yahoo!ショッピング",
                "Shopify", "メルカリShops", "Qoo10", "au PAY マーケット", "makeshop");
        assertThat(all).extracting(f -> f.name("en")).containsExactly("Amazon", "Rakuten Ichiba", "Yahoo! Shopping",
                "Shopify", "Mercari Shops", "Qoo10", "au PAY Market", "makeshop");
        assertThat(all).filteredOn(MallFacts::orderWebhook).extracting(MallFacts::type)
                .containsExactly("shopify", "mercari", "makeshop");
        assertThat(all).filteredOn(MallFacts::fixedIp).extracting(MallFacts::type)
                .containsExactly("yahoo", "mercari", "aupay");
        assertThat(all).filteredOn(f -> f.pollMinimumSeconds().isPresent())
                .extracting(f -> f.type() + "=" + f.pollMinimumSeconds().getAsInt())
                .containsExactly("amazon=180", "yahoo=60");
        assertThat(all).allSatisfy(f -> assertThat(f.rateLimits()).as(f.type()).isNotBlank());
    }

    @Test
    void theRegistryNamesTheMallsForTheCli() {
        assertThat(MallRegistry.names("en")).isEqualTo("Amazon, Rakuten Ichiba, Yahoo! Shopping, Shopify,"
                + " Mercari Shops, Qoo10, au PAY Market, makeshop");
    }
}
