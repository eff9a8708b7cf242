package dev.zaiko.local;

import dev.zaiko.config.MallRegistry;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.schema.MallFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Adding a mall = one adapter package ({@code dev.zaiko.channel.fakemall}), one simulator package
 * ({@code dev.zaiko.sim.fakemall}), their two service entries and the mall's block of facts (a
 * {@code META-INF/zaiko/malls.properties} of its own), nothing else: with only those on the class
 * path ({@code src/test/fakemall}, added here through the context class loader) the ninth mall
 * appears in the registry, the local runtime's malls, the built-in local config, the config
 * parser's types, poll limits and fixed-IP advisories, and runs under the local runtime.
 */
@ExtendWith(AwsTestBed.class)
class AddingAMallTest {
    static final Path FAKE_MALL = Path.of("src", "test", "fakemall");

    @Test
    void withoutItsResourcesTheFakeMallIsNowhere() {
        assertThat(LocalMalls.types()).hasSize(8).doesNotContain("fakemall");
        assertThat(LocalConfig.builtIn().channels()).extracting(ChannelSpec::type).doesNotContain("fakemall");
    }

    @Test
    void aNinthMallAppearsEverywhereFromItsTwoPackagesAndServiceEntries() throws Exception {
        assertThat(Files.isRegularFile(FAKE_MALL.resolve("META-INF/zaiko/malls.properties"))).isTrue();
        withFakeMall(() -> {
            assertThat(MallFacts.types()).containsExactly("amazon", "rakuten", "yahoo", "shopify", "mercari", "qoo10",
                    "aupay", "makeshop", "fakemall");
            assertThat(MallRegistry.of("fakemall")).hasValueSatisfying(m ->
                    assertThat(m.facts().name("ja")).isEqualTo("テストモール"));
            assertThat(MallRegistry.names("en")).endsWith(", makeshop, Test Mall");
            assertThat(LocalMalls.types()).last().isEqualTo("fakemall");
            assertThat(LocalMalls.webhookTypes()).containsExactly("shopify", "mercari", "makeshop");

            List<ChannelSpec> builtIn = LocalConfig.builtIn().channels();
            assertThat(builtIn).hasSize(9);
            // A mall without webhooks learns of orders only by polling: it gets the default low-stock hold-back.
            assertThat(builtIn.get(8)).isEqualTo(new ChannelSpec("fakemall-shop", "fakemall", Duration.ofSeconds(120),
                    false, java.util.Map.of("holdBackUnits", "2")));

            ZaikoConfig config = ZaikoConfigParser.parse("""
                    {"region": "ap-northeast-1", "alertEmail": "a@example.com",
                     "channels": [{"id": "fake-a", "type": "fakemall"}]}
                    """, "fake.json");
            assertThat(config.channels().get(0).pollIntervalSeconds()).as("the mall's poll minimum is the default")
                    .isEqualTo(120);
            assertThat(ZaikoConfigParser.advisories(config)).containsExactly("channels[0] (fake-a): fakemall only"
                    + " accepts API calls from registered IP addresses (test mall); set \"fixedIp\": true unless you"
                    + " know otherwise");
            assertThatThrownBy(() -> ZaikoConfigParser.parse("""
                    {"region": "ap-northeast-1", "alertEmail": "a@example.com",
                     "channels": [{"id": "fake-a", "type": "fakemall", "pollIntervalSeconds": 60}]}
                    """, "fake.json"))
                    .hasMessageContaining("channels[0].pollIntervalSeconds: fakemall allows one order call every"
                            + " 2 minutes (test mall); minimum 120 s (got 60)");
            return null;
        });
    }

    @Test
    void theLocalRuntimeStandsUpTheNinthMallsSimulator(TestAws aws) throws Exception {
        withFakeMall(() -> {
            try (LocalRuntime runtime = new LocalRuntime(aws, TestAws.freshSuffix())) {
                LocalMalls malls = new LocalMalls(runtime);
                LocalMalls.Mall mall = malls.add(LocalConfig.builtIn().channels().get(8));
                assertThat(mall.type()).isEqualTo("fakemall");
                assertThat(mall.webhookUrl()).isEmpty();
                String itemKey = malls.itemKey("fakemall-shop", 3, "ZK-TEA");
                assertThat(itemKey).isEqualTo("fm-3-zk-tea");
                malls.list("fakemall-shop", itemKey, "tea", 7);
                assertThat(mall.simulator().shownQuantity(itemKey)).hasValue(7);
                assertThat(runtime.channel("fakemall-shop").runtime().adapter().type()).isEqualTo("fakemall");
            }
            return null;
        });
    }

    /** Runs {@code body} with the fake mall's resources on the context class path. */
    private static void withFakeMall(Callable<Void> body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader withFake = new URLClassLoader(new URL[]{FAKE_MALL.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(withFake);
            body.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
