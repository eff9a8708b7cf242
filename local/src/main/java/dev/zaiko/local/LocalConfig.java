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
     * The built-in default: one demo account on each mall of the registry, in its order (the same
     * ids, types, poll intervals and webhooks as {@code infra/zaiko.example.json} for the eight malls
     * it names): the id and options from the mall's simulator factory, the poll interval the
     * config parser would default to, webhooks where the mall sends them.
     */
    public static LocalConfig builtIn() {
        List<ChannelSpec> channels = LocalMalls.registry().values().stream()
                .map(mall -> new ChannelSpec(mall.simulator().demoChannelId(), mall.type(),
                        Duration.ofSeconds(dev.zaiko.deployconfig.MallPollLimits.defaultIntervalSeconds(
                                new dev.zaiko.deployconfig.MallType(mall.facts()))),
                        mall.facts().orderWebhook(), mall.simulator().demoOptions()))
                .toList();
        return withDefaultHoldBack(channels, 0, "(built-in)");
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
