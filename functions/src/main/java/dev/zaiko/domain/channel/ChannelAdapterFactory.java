package dev.zaiko.domain.channel;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds a mall's adapter for one channel account. Each mall package registers its factory in
 * {@code META-INF/services/dev.zaiko.domain.channel.ChannelAdapterFactory}, so adding a mall adds
 * a package and a line there, and touches no other code.
 */
public interface ChannelAdapterFactory {
    /** The channel type as config files name it: "amazon", "rakuten", "yahoo", "shopify", ... */
    String type();

    ChannelAdapter create(ChannelSettings settings, OpenOrders openOrders);

    /**
     * Present when this adapter rests on API details no public source confirms, so the seller is
     * told (README, {@code ./zaiko channels}, the console) before relying on it: what is unconfirmed.
     */
    default java.util.Optional<String> experimental() {
        return java.util.Optional.empty();
    }

    /** The experimental note of a channel type; empty for confirmed adapters and unknown types. */
    static java.util.Optional<String> experimentalNote(String type) {
        ChannelAdapterFactory factory = all().get(type);
        return factory == null ? java.util.Optional.empty() : factory.experimental();
    }

    /**
     * Order names and links into this mall's seller screen for one channel account, from its
     * options (a shop domain, a store account); {@link SellerScreen#NONE} where the mall has no
     * public order page.
     */
    default SellerScreen sellerScreen(Map<String, String> options) {
        return SellerScreen.NONE;
    }

    /**
     * The credential keys this mall's adapter reads, required ones first; what
     * {@code zaiko secrets put} prompts for. An optional key may be left empty.
     */
    default List<CredentialKey> credentialKeys() {
        return List.of();
    }

    /** One key of a channel's credentials (a JSON object in its SecureString parameter). */
    record CredentialKey(String name, boolean required, String hint) {
    }

    /** Every factory on the class path, by type. */
    static Map<String, ChannelAdapterFactory> all() {
        Map<String, ChannelAdapterFactory> byType = new TreeMap<>();
        for (ChannelAdapterFactory factory : ServiceLoader.load(ChannelAdapterFactory.class)) {
            ChannelAdapterFactory previous = byType.put(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("two adapters claim channel type " + factory.type());
            }
        }
        return byType;
    }

    static List<String> types() {
        return List.copyOf(all().keySet());
    }
}
