package dev.zaiko.local;

import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The deploy config file ({@code infra/zaiko.example.json}) read for a local run, through the one
 * parser the CDK app uses ({@link ZaikoConfigParser}: same fields, same rules, every problem named).
 *
 * <p>Locally only the channels matter (and the default safety stock): credentials are the
 * simulators' own, and the region, alarm e-mail, egress IP, reconcile schedule and FBA settings are
 * for AWS.
 */
public record LocalConfig(List<ChannelSpec> channels, long safetyStock, String source) {

    public LocalConfig {
        channels = List.copyOf(channels);
    }

    /** A config file that cannot be used, with every problem found. */
    public static final class ConfigException extends RuntimeException {
        private final List<String> problems;

        public ConfigException(String source, List<String> problems) {
            super(source + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * The built-in default: one demo account on each of the eight malls, as in
     * {@code infra/zaiko.example.json} (same ids, types, poll intervals and webhooks).
     */
    public static LocalConfig builtIn() {
        return withDefaultHoldBack(List.of(
                new ChannelSpec("amazon-jp", "amazon", Duration.ofSeconds(180), false,
                        Map.of("marketplaceId", "A1VC38T7YXB528")),
                new ChannelSpec("rakuten-main", "rakuten", Duration.ofSeconds(60), false),
                new ChannelSpec("yahoo-main", "yahoo", Duration.ofSeconds(60), false),
                new ChannelSpec("shopify-main", "shopify", Duration.ofSeconds(60), true,
                        Map.of("locationId", LocalMalls.DEFAULT_SHOPIFY_LOCATION)),
                new ChannelSpec("mercari-shops", "mercari", Duration.ofSeconds(60), true),
                new ChannelSpec("qoo10-main", "qoo10", Duration.ofSeconds(60), false, localRate()),
                new ChannelSpec("aupay-main", "aupay", Duration.ofSeconds(60), false, localRate()),
                new ChannelSpec("makeshop-main", "makeshop", Duration.ofSeconds(60), true)), 0, "(built-in)");
    }

    /** The parser's default low-stock hold-back on the channels that learn of orders only by polling. */
    private static LocalConfig withDefaultHoldBack(List<ChannelSpec> channels, long safetyStock, String source) {
        return new LocalConfig(channels.stream().map(c -> {
            java.util.Optional<dev.zaiko.deployconfig.MallType> type = dev.zaiko.deployconfig.MallType.fromConfigName(c.type());
            if (c.options().containsKey(dev.zaiko.deployconfig.ChannelConfig.HOLD_BACK_OPTION) || type.isEmpty()
                    || !dev.zaiko.deployconfig.ChannelConfig.learnsOrdersOnlyByPolling(type.get(), c.webhook())) {
                return c;
            }
            Map<String, String> options = new java.util.HashMap<>(c.options());
            options.put(dev.zaiko.deployconfig.ChannelConfig.HOLD_BACK_OPTION,
                    Integer.toString(dev.zaiko.deployconfig.ChannelConfig.DEFAULT_HOLD_BACK_UNITS));
            return new ChannelSpec(c.id(), c.type(), c.pollInterval(), c.webhook(), options);
        }).toList(), safetyStock, source);
    }

    /** The poll interval of every channel that learns of orders only by polling ({@code zaiko demo --polled-interval}). */
    public LocalConfig withPolledInterval(Duration interval) {
        return new LocalConfig(channels.stream().map(c -> dev.zaiko.deployconfig.MallType.fromConfigName(c.type())
                .filter(t -> dev.zaiko.deployconfig.ChannelConfig.learnsOrdersOnlyByPolling(t, c.webhook()))
                .map(t -> c.withPollInterval(interval)).orElse(c)).toList(), safetyStock, source);
    }

    /**
     * Every channel's low-stock hold-back set to {@code units} where it has one (the channels that
     * learn of orders only by polling): {@code zaiko demo --hold-back N}.
     */
    public LocalConfig withHoldBack(long units) {
        return new LocalConfig(channels.stream().map(c -> {
            if (!c.options().containsKey(dev.zaiko.deployconfig.ChannelConfig.HOLD_BACK_OPTION)) {
                return c;
            }
            Map<String, String> options = new java.util.HashMap<>(c.options());
            options.put(dev.zaiko.deployconfig.ChannelConfig.HOLD_BACK_OPTION, Long.toString(units));
            return new ChannelSpec(c.id(), c.type(), c.pollInterval(), c.webhook(), options);
        }).toList(), safetyStock, source);
    }

    /**
     * Qoo10 and au PAY publish no rate limit, so their adapters default to a cautious 1 call/s
     * (and Qoo10 reads each item before writing it). Simulators have no limit; 10/s keeps a local
     * catalogue push from taking a minute.
     */
    private static Map<String, String> localRate() {
        return Map.of("requestsPerSecond", "10");
    }

    /** Every channel's poll interval replaced (the demo compresses a day of polling into a minute). */
    public LocalConfig withPollInterval(String type, Duration interval) {
        return new LocalConfig(channels.stream()
                .map(c -> c.type().equals(type) ? c.withPollInterval(interval) : c).toList(), safetyStock, source);
    }

    public static LocalConfig read(Path file) {
        try {
            return of(ZaikoConfigParser.parse(file), file.toString());
        } catch (dev.zaiko.deployconfig.ConfigException e) {
            throw new ConfigException(file.toString(), e.problems());
        }
    }

    public static LocalConfig parse(String json, String source) {
        try {
            return of(ZaikoConfigParser.parse(json, source), source);
        } catch (dev.zaiko.deployconfig.ConfigException e) {
            throw new ConfigException(source, e.problems());
        }
    }

    private static LocalConfig of(ZaikoConfig config, String source) {
        List<ChannelSpec> channels = config.channels().stream()
                .map(c -> new ChannelSpec(c.id(), c.type().configName(), Duration.ofSeconds(c.pollIntervalSeconds()),
                        c.webhook(), c.options()))
                .toList();
        return new LocalConfig(channels, config.safety().safetyStock(), source);
    }
}
