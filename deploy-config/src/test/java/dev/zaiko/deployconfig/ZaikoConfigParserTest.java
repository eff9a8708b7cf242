package dev.zaiko.deployconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZaikoConfigParserTest {
    private static final String CHANNEL =
            "{\"id\": \"rakuten-main\", \"type\": \"rakuten\"}";

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
        assertThat(c.reconcileMinutes()).isEqualTo(60);
        assertThat(c.reconcileMode()).isEqualTo(ReconcileMode.REPAIR);
        assertThat(config.needsFixedIp()).isFalse();
        assertThat(config.fba()).isEqualTo(FbaConfig.DISABLED);
        assertThat(config.fba().enabled()).isFalse();
    }

    @Test
    void exampleFileParsesWithOneAccountPerMall() {
        ZaikoConfig config = ZaikoConfigParser.parse(Path.of("../infra/zaiko.example.json"));
        // one account on each of the eight malls (a mall added later need not be in the example)
        assertThat(config.channels()).extracting(ChannelConfig::type).doesNotHaveDuplicates()
                .hasSize(8).isSubsetOf(MallType.all());
        assertThat(config.region()).isEqualTo("ap-northeast-1");
        assertThat(config.needsFixedIp()).isTrue();
        assertThat(ZaikoConfigParser.advisories(config)).isEmpty();
        assertThat(config.fba().enabled()).as("the example deploys no FBA sync").isFalse();
        // its placeholder address is valid, so switching "enabled" and "mcf" on is all a seller does
        assertThat(config.fba().mcfAddress()).isPresent();
        assertThat(config.channel("amazon-jp").orElseThrow().reconcileMode()).isEqualTo(ReconcileMode.REPAIR);
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
        assertProblem(config("{\"id\": \"a\", \"type\": \"amazn\"}"),
                "channels[0].type: unknown mall type \"amazn\"", "amazon, rakuten, yahoo");
    }

    @Test
    void duplicateChannelId() {
        assertProblem(config(CHANNEL + ", " + CHANNEL),
                "channels[1].id: duplicate channel id \"rakuten-main\" (also channels[0])");
    }

    @Test
    void pollIntervalBelowTenSeconds() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"pollIntervalSeconds\": 9}"),
                "channels[0].pollIntervalSeconds: 9 is below the minimum of 10 seconds");
    }

    @Test
    void pollIntervalNotAWholeNumber() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"pollIntervalSeconds\": 30.5}"),
                "channels[0].pollIntervalSeconds: 30.5 is not a whole number");
    }

    @Test
    void secretNameIsNoLongerNeededAndIsIgnoredWithAWarningNamingIt() {
        ZaikoConfig without = parse(config("{\"id\": \"a\", \"type\": \"yahoo\", \"fixedIp\": true}"));
        ZaikoConfig with = parse(config("{\"id\": \"a\", \"type\": \"yahoo\", \"fixedIp\": true,"
                + " \"secretName\": \"zaiko/yahoo-main\"}, {\"id\": \"b\", \"type\": \"yahoo\", \"fixedIp\": true,"
                + " \"secretName\": \"zaiko/yahoo-main\"}"));

        assertThat(ZaikoConfigParser.advisories(without)).isEmpty();
        assertThat(ZaikoConfigParser.advisories(with)).containsExactly(
                "channels[0] (a): secretName is ignored: credentials are read from SSM Parameter Store"
                        + " (./zaiko secrets put --channel a); remove the field",
                "channels[1] (b): secretName is ignored: credentials are read from SSM Parameter Store"
                        + " (./zaiko secrets put --channel b); remove the field");
        assertThat(with.channels()).extracting(ChannelConfig::id).containsExactly("a", "b");
    }

    @Test
    void badChannelIds() {
        for (String id : new String[] {"Rakuten", "rakuten_main", "-a", "a".repeat(41), "楽天"}) {
            assertProblem(config("{\"id\": \"" + id + "\", \"type\": \"rakuten\"}"),
                    "channels[0].id: \"" + id + "\" is not a valid channel id");
        }
    }

    @Test
    void webhookOnAMallWithoutAVerifier() {
        assertProblem(config("{\"id\": \"q\", \"type\": \"qoo10\", \"webhook\": true}"),
                "channels[0].webhook: qoo10 has no order webhook that zaiko-sync can verify");
        assertProblem(config("{\"id\": \"r\", \"type\": \"rakuten\", \"webhook\": true}"),
                "channels[0].webhook: rakuten has no order webhook that zaiko-sync can verify");
        assertProblem(config("{\"id\": \"a\", \"type\": \"amazon\", \"webhook\": true}"),
                "channels[0].webhook: amazon has no order webhook", "SP-API notification queue");
    }

    @Test
    void monthlyBudgetIsOptionalAndBounded() {
        assertThat(parse(config(CHANNEL)).monthlyBudgetUsd()).isEmpty();
        assertThat(parse(config(CHANNEL).replace("{\"region\"", "{\"monthlyBudgetUsd\": 5, \"region\""))
                .monthlyBudgetUsd()).contains(5);
        assertProblem(config(CHANNEL).replace("{\"region\"", "{\"monthlyBudgetUsd\": 0, \"region\""),
                "monthlyBudgetUsd");
    }

    @Test
    void unknownFieldIsAnErrorButDollarKeysAreComments() {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", \"pollIntervalSecond\": 60}"),
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
                "{\"id\": \"A\", \"type\": \"x\"}, {\"id\": \"b\", \"type\": \"yahoo\", \"pollIntervalSeconds\": 1}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3)
                        .anyMatch(p -> p.startsWith("channels[0].id"))
                        .anyMatch(p -> p.startsWith("channels[0].type"))
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
                "{\"id\": \"m\", \"type\": \"mercari\", \"pollIntervalSeconds\": 30}"));
        assertThat(ZaikoConfigParser.advisories(config))
                .anyMatch(a -> a.contains("channels[0] (m)") && a.contains("fixedIp"))
                .anyMatch(a -> a.contains("pollIntervalSeconds 30 < 60"));
    }

    // ---------------------------------------------------------------- reconciler

    @Test
    void reconcileIntervalAndMode() {
        ChannelConfig c = parse(config("{\"id\": \"a\", \"type\": \"yahoo\","
                + " \"reconcileMinutes\": 30, \"reconcileMode\": \"report\"}")).channels().get(0);
        assertThat(c.reconcileMinutes()).isEqualTo(30);
        assertThat(c.reconcileMode()).isEqualTo(ReconcileMode.REPORT);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"reconcileMinutes\": 14   | channels[0].reconcileMinutes: 14 is below the minimum of 15 minutes",
            "\"reconcileMinutes\": 1441 | channels[0].reconcileMinutes: 1441 is above the maximum of 1440 minutes",
            "\"reconcileMinutes\": 30.5 | channels[0].reconcileMinutes: 30.5 is not a whole number of minutes",
            "\"reconcileMinutes\": \"60\" | channels[0].reconcileMinutes: \"60\" is not a whole number of minutes",
            "\"reconcileMode\": \"fix\"   | channels[0].reconcileMode: \"fix\" is not one of \"repair\", \"report\"",
            "\"reconcileMode\": true    | channels[0].reconcileMode: true is not one of"})
    void badReconcileSettingsNameTheField(String field, String problem) {
        assertProblem(config("{\"id\": \"a\", \"type\": \"yahoo\", " + field + "}"), problem);
    }

    // ---------------------------------------------------------------- fba

    /** Review bullet: searchOrders refills one call per ~3 min; a faster poll drains the burst and then fails on our own limiter. */
    @Test
    void amazonIntervalItsSearchOrdersLimitCannotSustainIsRefusedNamingFieldAndMinimum() {
        assertProblem(config(CHANNEL + ", " + CHANNEL.replace("rakuten-main", "rakuten-b") + ", {\"id\": \"amazon-jp\", \"type\": \"amazon\","
                        + " \"pollIntervalSeconds\": 60}"),
                "channels[2].pollIntervalSeconds: amazon searchOrders sustains one call every 180 s; minimum 180 s"
                        + " (got 60)");
        assertProblem(config("{\"id\": \"amazon-jp\", \"type\": \"amazon\","
                + " \"pollIntervalSeconds\": 179}"), "channels[0].pollIntervalSeconds: amazon searchOrders", "(got 179)");
        assertThat(parse(config("{\"id\": \"amazon-jp\", \"type\": \"amazon\","
                + " \"pollIntervalSeconds\": 180}")).channels().get(0).pollIntervalSeconds()).isEqualTo(180);
    }

    /** Review bullet (Yahoo): polls faster than a minute would break the daily-quota arithmetic of its re-check budget. */
    @Test
    void yahooIntervalBelowAMinuteIsRefusedNamingTheQuota() {
        assertProblem(config("{\"id\": \"y\", \"type\": \"yahoo\", \"pollIntervalSeconds\": 30}"),
                "channels[0].pollIntervalSeconds: yahoo order polls spend up to 20 calls each of Yahoo's 50,000"
                        + " requests a day; one poll a minute keeps 21,200 for stock calls; minimum 60 s (got 30)");
    }

    @Test
    void amazonWithoutIntervalDefaultsToItsMinimumOthersToOneMinute() {
        ZaikoConfig config = parse(config(AMAZON + ", " + CHANNEL));
        assertThat(config.channels()).extracting(ChannelConfig::pollIntervalSeconds).containsExactly(180, 60);
    }


    private static final String AMAZON =
            "{\"id\": \"amazon-jp\", \"type\": \"amazon\"}";
    private static final String ADDRESS = "{\"name\": \"Zaiko Shop\", \"addressLine1\": \"1-2-3 Shibuya\","
            + " \"stateOrRegion\": \"Tokyo\", \"postalCode\": \"150-0002\"}";

    private static String withFba(String fba) {
        return config(AMAZON + ", " + CHANNEL).replace("{\"region\"", "{\"fba\": " + fba + ", \"region\"");
    }

    @Test
    void fbaEnabledWithMcf() {
        FbaConfig fba = parse(withFba("{\"enabled\": true, \"mcf\": true, \"mcfAddress\": " + ADDRESS
                + ", \"mcfAction\": \"Ship\", \"mcfShippingSpeed\": \"Expedited\", \"settleMinutes\": 30,"
                + " \"maxHoldHours\": 24, \"$comment\": \"ok\"}")).fba();
        assertThat(fba.enabled()).isTrue();
        assertThat(fba.mcf()).isTrue();
        assertThat(fba.mcfAction()).isEqualTo("Ship");
        assertThat(fba.mcfShippingSpeed()).isEqualTo("Expedited");
        assertThat(fba.settleMinutes()).isEqualTo(30);
        assertThat(fba.maxHoldHours()).isEqualTo(24);
        // the JSON FbaSyncHandler parses: countryCode defaults to JP, absent optionals are left out
        assertThat(fba.mcfAddress().orElseThrow().toJson()).isEqualTo("{\"name\":\"Zaiko Shop\","
                + "\"addressLine1\":\"1-2-3 Shibuya\",\"stateOrRegion\":\"Tokyo\",\"postalCode\":\"150-0002\","
                + "\"countryCode\":\"JP\"}");
    }

    @Test
    void fbaDefaults() {
        FbaConfig fba = parse(withFba("{\"enabled\": true}")).fba();
        assertThat(fba).isEqualTo(new FbaConfig(true, false, java.util.Optional.empty(), "Hold", "Standard", 15, 48));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"yes\"                                       | fba: expected an object",
            "{\"enabled\": \"yes\"}                        | fba.enabled: expected true or false",
            "{\"enable\": true}                            | fba.enable: unknown field",
            "{\"enabled\": true, \"mcf\": true}            | fba.mcfAddress: missing (required when fba.mcf is true",
            "{\"mcfAction\": \"hold\"}                     | fba.mcfAction: \"hold\" is not one of \"Hold\", \"Ship\"",
            "{\"mcfShippingSpeed\": \"Fast\"}              | fba.mcfShippingSpeed: \"Fast\" is not one of",
            "{\"settleMinutes\": 0}                        | fba.settleMinutes: 0 is below the minimum of 1 minutes",
            "{\"maxHoldHours\": 337}                       | fba.maxHoldHours: 337 is above the maximum of 336 hours",
            "{\"mcfAddress\": \"Tokyo\"}                   | fba.mcfAddress: expected an object",
            "{\"mcfAddress\": {\"addressLine1\": \"x\", \"postalCode\": \"1\"}} | fba.mcfAddress.name: missing",
            "{\"mcfAddress\": {\"name\": \"n\", \"addressLine1\": \"x\"}}     | fba.mcfAddress.postalCode: missing",
            "{\"mcfAddress\": {\"name\": \"n\", \"addressLine1\": \"x\", \"postalCode\": \"1\", \"countryCode\": \"JPN\"}}"
                    + " | fba.mcfAddress.countryCode: longer than 2 characters",
            "{\"mcfAddress\": {\"name\": \"n\", \"addressLine1\": \"x\", \"postalCode\": \"1\", \"countryCode\": \"jp\"}}"
                    + " | fba.mcfAddress.countryCode: \"jp\" is not a two-letter country code",
            "{\"mcfAddress\": {\"name\": \"n\", \"addressLine1\": \"x\", \"postalCode\": \"1\", \"city\": \"Tokyo\"}}"
                    + " | fba.mcfAddress.city: unknown field"})
    void badFbaSettingsNameTheField(String fba, String problem) {
        assertProblem(withFba(fba), problem);
    }

    @Test
    void fbaProblemsAreReportedTogether() {
        assertThatThrownBy(() -> parse(withFba("{\"enabled\": true, \"mcf\": true, \"settleMinutes\": -1,"
                + " \"mcfAction\": \"Later\"}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3)
                        .anyMatch(p -> p.startsWith("fba.mcfAddress: missing"))
                        .anyMatch(p -> p.startsWith("fba.settleMinutes"))
                        .anyMatch(p -> p.startsWith("fba.mcfAction")));
    }

    @Test
    void fbaNeedsAnAmazonChannel() {
        assertProblem(config(CHANNEL).replace("{\"region\"", "{\"fba\": {\"enabled\": true}, \"region\""),
                "fba.enabled: needs an amazon channel");
        // disabled, it may stay in the file of a seller without Amazon
        assertThat(parse(config(CHANNEL).replace("{\"region\"", "{\"fba\": {\"enabled\": false}, \"region\""))
                .fba().enabled()).isFalse();
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
