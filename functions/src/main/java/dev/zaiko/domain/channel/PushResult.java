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
