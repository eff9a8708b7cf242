package dev.zaiko.local;

import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        return new LocalConfig(channels, 0, "(built-in)");
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
