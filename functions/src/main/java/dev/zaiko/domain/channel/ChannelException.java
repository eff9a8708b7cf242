package dev.zaiko.domain.channel;

import java.time.Duration;
import java.util.Optional;

/** A call to a mall failed as a whole; classified so the caller knows whether to retry, stop or report. */
public class ChannelException extends RuntimeException {
    private final PushStatus kind;
    private final String mallCode;
    private final Optional<Duration> retryAfter;

    public ChannelException(PushStatus kind, String mallCode, String message, Optional<Duration> retryAfter) {
        super(message);
        if (kind == PushStatus.OK) {
            throw new IllegalArgumentException("a failure cannot be OK");
        }
        this.kind = kind;
        this.mallCode = mallCode == null ? "" : mallCode;
        this.retryAfter = retryAfter;
    }

    public PushStatus kind() {
        return kind;
    }

    public String mallCode() {
        return mallCode;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
