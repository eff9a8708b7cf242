package dev.zaiko.channel.amazon;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed SP-API call, classified, with Amazon's own error code and message kept and the HTTP
 * status beside them (a 404 on a listing means "unknown SKU", not an outage).
 */
public final class SpApiException extends ChannelException {
    private final int httpStatus;

    public SpApiException(PushStatus kind, int httpStatus, String mallCode, String message,
                          Optional<Duration> retryAfter) {
        super(kind, mallCode, message, retryAfter);
        this.httpStatus = httpStatus;
    }

    /** 0 when no HTTP answer came back (network, local rate limit). */
    public int httpStatus() {
        return httpStatus;
    }
}
