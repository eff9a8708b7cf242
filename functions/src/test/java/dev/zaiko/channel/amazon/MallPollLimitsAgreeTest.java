package dev.zaiko.channel.amazon;

import dev.zaiko.deployconfig.MallPollLimits;
import dev.zaiko.deployconfig.MallType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy-config cannot depend on the adapters, so it keeps its own copy of Amazon's searchOrders
 * limit; this fails when the copy and the adapter's constants drift apart.
 */
class MallPollLimitsAgreeTest {
    @Test
    void deployConfigMinimumIsTheAdaptersSearchOrdersRefillRoundedUpAndItsDefault() {
        int refillSeconds = (int) Math.ceil(1 / AmazonApi.SEARCH_ORDERS_RATE); // 178.57 s per token
        MallPollLimits.Limit limit = MallPollLimits.of(MallType.AMAZON).orElseThrow();

        assertThat(refillSeconds).isEqualTo(179);
        assertThat(limit.reason()).startsWith("searchOrders sustains one call every 180 s");
        assertThat(limit.minimumIntervalSeconds()).isBetween(refillSeconds, refillSeconds + 59)
                .isEqualTo((int) AmazonAdapterFactory.DEFAULT_POLL_INTERVAL.toSeconds());
        assertThat(MallPollLimits.defaultIntervalSeconds(MallType.AMAZON)).isEqualTo(180);
        assertThat(AmazonAdapterFactory.TYPE).isEqualTo(MallType.AMAZON.configName());
    }
}
