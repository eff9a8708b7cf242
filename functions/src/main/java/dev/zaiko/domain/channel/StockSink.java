package dev.zaiko.domain.channel;

import java.util.List;

/** Writes absolute quantities to a mall, honouring its batch size and rate limit. */
public interface StockSink {
    /** The most items one {@link #write} call accepts. */
    int maxBatchSize();

    /** One result per update, in the same order; never throws for a per-item or per-call failure. */
    List<PushResult> write(List<StockUpdate> updates);
}
