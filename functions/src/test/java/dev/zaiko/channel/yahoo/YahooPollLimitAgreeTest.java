package dev.zaiko.channel.yahoo;

import dev.zaiko.deployconfig.MallPollLimits;
import dev.zaiko.deployconfig.MallType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy-config's copy of Yahoo's shortest poll interval is the one the order source's budget is sized for. */
class YahooPollLimitAgreeTest {
    @Test
    void deployConfigMinimumIsTheIntervalTheCallBudgetWasSizedFor() {
        MallPollLimits.Limit limit = MallPollLimits.of(MallType.YAHOO).orElseThrow();

        assertThat(limit.minimumIntervalSeconds()).isEqualTo(YahooOrderSource.MIN_POLL_INTERVAL_SECONDS);
        assertThat(limit.reason()).contains("up to " + YahooOrderSource.POLL_CALL_BUDGET + " calls")
                .contains("50,000");
        assertThat(MallPollLimits.defaultIntervalSeconds(MallType.YAHOO)).isEqualTo(60);
        assertThat(YahooAdapterFactory.TYPE).isEqualTo(MallType.YAHOO.configName());
    }
}
