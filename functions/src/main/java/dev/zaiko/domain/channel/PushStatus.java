package dev.zaiko.domain.channel;

/** How a mall answered a call, as the pusher and the channel's health need it. */
public enum PushStatus {
    /** Done. */
    OK,
    /** Temporary: 5xx, 429, timeout, maintenance. Try again later. */
    RETRY,
    /** Credentials expired or revoked: stop calling this channel until they change. */
    AUTH,
    /** This item only: unknown item, invalid listing. Retrying will not help. */
    REJECTED
}
