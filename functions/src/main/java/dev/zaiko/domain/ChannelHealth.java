package dev.zaiko.domain;

/** A channel account's health, as the seller sees it (GoQ's levels 8 and 9 map to DEGRADED and AUTH_ERROR). */
public enum ChannelHealth {
    OK,
    /** Maintenance, 5xx, throttling: calls go on with backoff. */
    DEGRADED,
    /** Credentials expired or revoked: no more calls until they change; alarmed. */
    AUTH_ERROR
}
