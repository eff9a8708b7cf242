package dev.zaiko.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's description names the malls of the registry, not a list of its own. */
class ZaikoCliTest {
    @Test
    void theDescriptionNamesEveryMallOfTheRegistry() {
        assertThat(ZaikoCli.commandLine().getCommandSpec().usageMessage().description())
                .containsExactly("zaiko-sync: one stock ledger for Amazon, Rakuten Ichiba, Yahoo! Shopping, Shopify,"
                        + " Mercari Shops, Qoo10, au PAY Market and makeshop.");
    }
}
