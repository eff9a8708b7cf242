package dev.zaiko.domain.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a mall said about one item of a stock write, with the mall's own code and message kept for
 * the seller.
 */
public record PushResult(String itemKey, PushStatus status, String mallCode, String message,
                         Optional<Duration> retryAfter) {
    public PushResult {
        Objects.requireNonNull(itemKey, "itemKey");
        Objects.requireNonNull(status, "status");
        mallCode = mallCode == null ? "" : mallCode;
        message = message == null ? "" : message;
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * The mall's code for "not written: the mall shows less than the ledger's number, which may be a
     * sale not ingested yet" (invariant 8: never raise a mall over an unexplained lower number).
     */
    public static final String MALL_BELOW_LEDGER = "MALL_BELOW_LEDGER";
    /** How long such a push waits for the channel's orders to be polled before it is tried again. */
    public static final Duration SETTLE = Duration.ofSeconds(60);

    /** Not written, retried after the channel's orders were polled (see {@link #MALL_BELOW_LEDGER}). */
    public static PushResult mallBelowLedger(String itemKey, long shown, long ledger) {
        return new PushResult(itemKey, PushStatus.RETRY, MALL_BELOW_LEDGER, "the mall shows " + shown
                + ", less than the ledger's " + ledger + ": not raised until the orders that explain it are in",
                Optional.of(SETTLE));
    }

    public boolean mallBelowLedger() {
        return MALL_BELOW_LEDGER.equals(mallCode);
    }

    public static PushResult ok(String itemKey) {
        return new PushResult(itemKey, PushStatus.OK, "", "", Optional.empty());
    }

    public static PushResult retry(String itemKey, String mallCode, String message, Optional<Duration> retryAfter) {
        return new PushResult(itemKey, PushStatus.RETRY, mallCode, message, retryAfter);
    }

    public static PushResult auth(String itemKey, String mallCode, String message) {
        return new PushResult(itemKey, PushStatus.AUTH, mallCode, message, Optional.empty());
    }

    public static PushResult rejected(String itemKey, String mallCode, String message) {
        return new PushResult(itemKey, PushStatus.REJECTED, mallCode, message, Optional.empty());
    }
}
