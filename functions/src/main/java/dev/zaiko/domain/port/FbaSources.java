package dev.zaiko.domain.port;

import dev.zaiko.domain.FbaSource;

import java.util.List;
import java.util.Optional;

/** Which SKUs take their stock from Amazon FBA, and the FBA sync's memory of each. */
public interface FbaSources {
    /** Every FBA-sourced SKU of one Amazon channel account. */
    List<FbaSource> sourcesOf(String channelId);

    Optional<FbaSource> find(String channelId, String sku);

    /**
     * Stores {@code source} with revision {@code expectedRevision + 1}, provided the stored one still
     * has {@code expectedRevision} (0: must not exist). False when someone else saved meanwhile.
     */
    boolean save(FbaSource source, long expectedRevision);

    void remove(String channelId, String sku);
}
