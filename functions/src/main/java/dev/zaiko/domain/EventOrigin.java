package dev.zaiko.domain;

/** How an order event reached us; kept for the journal and for diagnosing lag. */
public enum EventOrigin {
    POLL,
    WEBHOOK,
    NOTIFICATION,
    ADMIN
}
