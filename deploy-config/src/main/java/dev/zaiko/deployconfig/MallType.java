package dev.zaiko.deployconfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The malls a channel account can be on, as written in the config ({@code "type": "rakuten"}).
 * {@link #orderWebhook} says whether the mall can push orders to an HTTPS endpoint of ours
 * (shared/docs/channels.md, section 0) AND zaiko-sync verifies those deliveries (a
 * {@code WebhookVerifier} in the mall's adapter); a {@code "webhook": true} channel on any other
 * mall is a config error.
 */
public enum MallType {
    AMAZON(false),
    /** RMS has order notifications, but zaiko-sync has no verifier for them: polled only. */
    RAKUTEN(false),
    YAHOO(false),
    SHOPIFY(true),
    MERCARI(true),
    QOO10(false),
    AUPAY(false),
    MAKESHOP(true);

    private final boolean orderWebhook;

    MallType(boolean orderWebhook) {
        this.orderWebhook = orderWebhook;
    }

    /** The spelling used in the config file and in the CHANNEL_TYPE environment variable. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean orderWebhook() {
        return orderWebhook;
    }

    public static Optional<MallType> fromConfigName(String value) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(value)).findFirst();
    }

    public static String configNames() {
        return Arrays.stream(values()).map(MallType::configName).collect(Collectors.joining(", "));
    }
}
