package dev.zaiko.infra.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZaikoConfigParserTest {
    private static final String CHANNEL =
            "{\"id\": \"rakuten-main\", \"type\": \"rakuten\", \"secretName\": \"zaiko/rakuten-main\"}";

    private static String config(String channels) {
        return "{\"region\": \"ap-northeast-1\", \"alertEmail\": \"a@example.com\", \"channels\": [" + channels + "]}";
    }

    private static ZaikoConfig parse(String json) {
        return ZaikoConfigParser.parse(json, "test.json");
    }

    @Test
    void defaults() {
        ZaikoConfig config = parse(config(CHANNEL));
        assertThat(config.natMode()).isEqualTo(NatMode.INSTANCE);
        assertThat(config.deletionProtection()).isTrue();
        assertThat(config.safety()).isEqualTo(SafetyDefaults.NONE);
        ChannelConfig c = config.channels().get(0);
        assertThat(c.pollIntervalSeconds()).isEqualTo(60);
        assertThat(c.webhook()).isFalse();
        assertThat(c.fixedIp()).isFalse();
        assertThat(c.envSuffix()).isEqualTo("RAKUTEN_MAIN");
        assertThat(config.needsFixedIp()).isFalse();
    }

    @Test
    void exampleFileParsesWithOneAccountPerMall() {
        ZaikoConfig config = ZaikoConfigParser.parse(Path.of("zaiko.example.json"));
        assertThat(config.channels()).extracting(ChannelConfig::type).containsExactlyInAnyOrder(MallType.values());
        assertThat(config.region()).isEqualTo("ap-northeast-1");
        assertThat(config.needsFixedIp()).isTrue();
        assertThat(ZaikoConfigParser.advisories(config)).isEmpty();
    }

    @ParameterizedTest(name = "{0}s -> rate {1} min")
    @CsvSource({"10,1", "59,1", "60,1", "61,2", "120,2", "300,5", "3600,60"})
    void scheduleRateRoundsUpToWholeMinutes(int seconds, int minutes) {
        ChannelConfig c = new ChannelConfig("x", MallType.YAHOO, seconds, false, "s", false);
        assertThat(c.scheduleRateMinutes()).isEqualTo(minutes);
        assertThat(c.pollsWithinInvocation()).isEqualTo(seconds < 60);
    }

    @Test
    void unknownMallType() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"amazn\", \"secretName\": \"s\"}"),
                "channels[0].type: unknown mall type \"amazn\"", "amazon, rakuten, yahoo");
    }

    @Test
    void duplicateChannelId() {
        assertProblem(config(CHANNEL + ", " + CHANNEL.replace("zaiko/rakuten-main", "other")),
                "channels[1].id: duplicate channel id \"rakuten-main\" (also channels[0])");
    }

    @Test
    void pollIntervalBelowTenSeconds() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"secretName\": \"s\", \"pollIntervalSeconds\": 9}"),
                "channels[0].pollIntervalSeconds: 9 is below the minimum of 10 seconds");
    }

    @Test
    void pollIntervalNotAWholeNumber() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"secretName\": \"s\", \"pollIntervalSeconds\": 30.5}"),
                "channels[0].pollIntervalSeconds: 30.5 is not a whole number");
    }

    @Test
    void missingSecretName() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\"}"), "channels[0].secretName: missing");
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"secretName\": \" \"}"),
                "channels[0].secretName: missing");
    }

    @Test
    void secretNameUsedTwice() {
        assertProblem(config(CHANNEL + ", " + CHANNEL.replace("\"rakuten-main\"", "\"rakuten-2\"")),
                "channels[1].secretName: \"zaiko/rakuten-main\" is already used by channels[0]");
    }

    @Test
    void badChannelIds() {
        for (String id : new String[] {"Rakuten", "rakuten_main", "-a", "a".repeat(41), "楽天"}) {
            assertProblem(config("{\"id\": \"" + id + "\", \"type\": \"rakuten\", \"secretName\": \"s\"}"),
                    "channels[0].id: \"" + id + "\" is not a valid channel id");
        }
    }

    @Test
    void webhookOnAPollOnlyMall() {
        assertProblem(config("{\"id\": \"q\", \"type\": \"qoo10\", \"secretName\": \"s\", \"webhook\": true}"),
                "channels[0].webhook: qoo10 cannot push orders to a webhook");
        assertProblem(config("{\"id\": \"a\", \"type\": \"amazon\", \"secretName\": \"s\", \"webhook\": true}"),
                "channels[0].webhook: amazon cannot push orders", "SP-API notification queue");
    }

    @Test
    void unknownFieldIsAnErrorButDollarKeysAreComments() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"secretName\": \"s\", \"pollIntervalSecond\": 60}"),
                "channels[0].pollIntervalSecond: unknown field");
        assertThat(parse(config(CHANNEL).replace("{\"region\"", "{\"$comment\": \"hi\", \"region\""))
                .channels()).hasSize(1);
    }

    @Test
    void rootFields() {
        assertProblem("{\"alertEmail\": \"a@example.com\", \"channels\": [" + CHANNEL + "]}", "region: missing");
        assertProblem(config(CHANNEL).replace("ap-northeast-1", "tokyo"), "region: \"tokyo\" is not an AWS region");
        assertProblem(config(CHANNEL).replace("a@example.com", "nobody"), "alertEmail: \"nobody\" is not an e-mail");
        assertProblem(config(CHANNEL).replace("{\"region\"", "{\"natMode\": \"nat\", \"region\""),
                "natMode: \"nat\" is not one of \"instance\", \"gateway\"");
        assertProblem(config(CHANNEL).replace("{\"region\"", "{\"deletionProtection\": \"yes\", \"region\""),
                "deletionProtection: expected true or false");
        assertProblem(config(CHANNEL).replace("{\"region\"", "{\"safety\": {\"safetyStock\": -1}, \"region\""),
                "safety.safetyStock: -1 is not a whole number >= 0");
        assertProblem(config(""), "channels: expected a non-empty list");
        assertProblem("[]", "(root): expected a JSON object");
        assertProblem("{\"region\": ", "not valid JSON");
    }

    @Test
    void gatewayModeAndSafety() {
        ZaikoConfig config = parse(config(CHANNEL).replace("{\"region\"",
                "{\"natMode\": \"gateway\", \"deletionProtection\": false, \"safety\": {\"safetyStock\": 2}, \"region\""));
        assertThat(config.natMode()).isEqualTo(NatMode.GATEWAY);
        assertThat(config.deletionProtection()).isFalse();
        assertThat(config.safety().safetyStock()).isEqualTo(2);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> parse(config(
                "{\"id\": \"A\", \"type\": \"x\"}, {\"id\": \"b\", \"type\": \"yahoo\", \"secretName\": \"s\", \"pollIntervalSeconds\": 1}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
                        .anyMatch(p -> p.startsWith("channels[0].id"))
                        .anyMatch(p -> p.startsWith("channels[0].type"))
                        .anyMatch(p -> p.startsWith("channels[0].secretName"))
                        .anyMatch(p -> p.startsWith("channels[1].pollIntervalSeconds")));
    }

    @Test
    void missingFileNamesTheFile() {
        assertThatThrownBy(() -> ZaikoConfigParser.parse(Path.of("no-such-zaiko.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no-such-zaiko.json").hasMessageContaining("file not found");
    }

    @Test
    void advisories() {
        ZaikoConfig config = parse(config(
                "{\"id\": \"m\", \"type\": \"mercari\", \"secretName\": \"s\", \"pollIntervalSeconds\": 30}"));
        assertThat(ZaikoConfigParser.advisories(config))
                .anyMatch(a -> a.contains("channels[0] (m)") && a.contains("fixedIp"))
                .anyMatch(a -> a.contains("pollIntervalSeconds 30 < 60"));
    }

    private static void assertProblem(String json, String... fragments) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    for (String fragment : fragments) {
                        assertThat(e.getMessage()).contains(fragment);
                    }
                });
    }
}
