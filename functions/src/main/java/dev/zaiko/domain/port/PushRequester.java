package dev.zaiko.domain.port;

import dev.zaiko.domain.PushRequest;

import java.util.List;

/** Hands push requests to each listing's channel; urgent ones must not wait for any batching window. */
public interface PushRequester {
    void request(List<PushRequest> requests);
}
