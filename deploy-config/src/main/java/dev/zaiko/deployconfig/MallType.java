package dev.zaiko.deployconfig;

import dev.zaiko.schema.MallFacts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The mall a channel account is on, as written in the config ({@code "type": "rakuten"}): one of the
 * malls of the registry's data file ({@link MallFacts}), so a new mall needs no edit here.
 * {@link #orderWebhook} says whether the mall can push orders to an HTTPS endpoint of ours
 * (shared/docs/channels.md, section 0) AND zaiko-sync verifies those deliveries (a
 * {@code WebhookVerifier} in the mall's adapter); a {@code "webhook": true} channel on any other
 * mall is a config error.
 *
 * <p>Compare with {@code equals}: a type is a value (a test may load a registry of its own).
 */
public record MallType(MallFacts facts) {
    /** The malls the infrastructure treats specially (SP-API queue and FBA; Mercari's path-token webhook). */
    public static final MallType AMAZON = require("amazon");
    public static final MallType RAKUTEN = require("rakuten");
    public static final MallType YAHOO = require("yahoo");
    public static final MallType MERCARI = require("mercari");

    /** The spelling used in the config file and in the CHANNEL_TYPE environment variable. */
    public String configName() {
        return facts.type();
    }

    public boolean orderWebhook() {
        return facts.orderWebhook();
    }

    public static Optional<MallType> fromConfigName(String value) {
        return MallFacts.of(value).map(MallType::new);
    }

    /** Every known mall, in the registry's order. */
    public static List<MallType> all() {
        return MallFacts.all().stream().map(MallType::new).toList();
    }

    public static String configNames() {
        return MallFacts.all().stream().map(MallFacts::type).collect(Collectors.joining(", "));
    }

    private static MallType require(String type) {
        return fromConfigName(type).orElseThrow(() -> new IllegalStateException(
                "no mall " + type + " in " + MallFacts.RESOURCE + " on the class path"));
    }

    @Override
    public String toString() {
        return configName();
    }
}
