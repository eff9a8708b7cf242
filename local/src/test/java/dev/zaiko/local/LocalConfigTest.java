package dev.zaiko.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local reader of the deploy config: the example file, the built-in default, and refusals. */
class LocalConfigTest {
    static final Path EXAMPLE = Path.of("..", "infra", "zaiko.example.json");

    @Test
    void readsTheDeployExampleAndTheBuiltInDefaultHasTheSameChannelForEachOfItsMalls() {
        LocalConfig example = LocalConfig.read(EXAMPLE);

        // the built-in default is derived from the registry (one account per mall); the example is
        // documentation and need not name a mall added later, but what it names must match
        java.util.Map<String, ChannelSpec> builtInByType = new java.util.HashMap<>();
        LocalConfig.builtIn().channels().forEach(c -> builtInByType.put(c.type(), c));
        assertThat(example.channels()).extracting(ChannelSpec::id, ChannelSpec::type, ChannelSpec::pollInterval,
                        ChannelSpec::webhook)
                .containsExactlyElementsOf(example.channels().stream().map(c -> builtInByType.get(c.type()))
                        .map(c -> org.assertj.core.groups.Tuple.tuple(c.id(), c.type(), c.pollInterval(), c.webhook()))
                        .toList());
        assertThat(example.channels()).extracting(ChannelSpec::type)
                .containsExactly("amazon", "rakuten", "yahoo", "shopify", "mercari", "qoo10", "aupay", "makeshop");
        assertThat(LocalConfig.builtIn().channels()).extracting(ChannelSpec::type)
                .containsExactlyElementsOf(LocalMalls.types());
        assertThat(example.channels().get(0).pollInterval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(example.channels().get(3).options())
                .containsEntry("locationId", "gid://shopify/Location/1234567890");
        assertThat(example.safetyStock()).isZero();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        String json = """
                {"region":"ap-northeast-1","alertEmail":"a@example.com","colour":"red",
                 "channels":[
                   {"id":"Rakuten","type":"rakuten","secretName":"s1"},
                   {"id":"shop","type":"shopfy","secretName":"s2","pollIntervalSeconds":5},
                   {"id":"mer","type":"mercari","webhook":"yes","options":{"clientName":7}}
                 ]}
                """;

        assertThatThrownBy(() -> LocalConfig.parse(json, "my.json"))
                .isInstanceOfSatisfying(LocalConfig.ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "colour: unknown field (expected one of alertEmail, channels, deletionProtection, fba, monthlyBudgetUsd,"
                                + " natMode, region, safety)",
                        "channels[0].id: \"Rakuten\" is not a valid channel id (lowercase letters, digits and '-',"
                                + " starting with a letter or digit, at most 40 characters)",
                        "channels[1].type: unknown mall type \"shopfy\" (expected one of amazon, rakuten, yahoo,"
                                + " shopify, mercari, qoo10, aupay, makeshop)",
                        "channels[1].pollIntervalSeconds: 5 is below the minimum of 10 seconds",
                        "channels[2].webhook: expected true or false, got \"yes\"",
                        "channels[2].options.clientName: expected a string, got 7"))
                .hasMessageStartingWith("my.json: ");
    }

    @Test
    void aMissingFileOrBrokenJsonSaysSo() {
        assertThatThrownBy(() -> LocalConfig.read(Path.of("no-such-config.json")))
                .hasMessage("no-such-config.json: file not found");
        assertThatThrownBy(() -> LocalConfig.parse("{\"channels\": [", "x.json"))
                .hasMessageStartingWith("x.json: not valid JSON");
    }
}
