package dev.zaiko.domain.channel;

import java.util.Collection;
import java.util.Map;

/** What a mall currently shows, for discrepancy checks and for validating mapped item keys. */
public interface StockReader {
    /**
     * Shown quantity per item key; keys the mall does not know are absent from the result.
     *
     * @throws ChannelException classified RETRY or AUTH
     */
    Map<String, Long> shownQuantities(Collection<String> itemKeys);
}
