package dev.zaiko.support;

import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.port.PushRequester;

import java.util.ArrayList;
import java.util.List;

/** Keeps the push requests the ledger made, for tests that look at the ledger alone. */
public final class RecordingPushRequester implements PushRequester {
    private final List<PushRequest> requests = new ArrayList<>();

    @Override
    public synchronized void request(List<PushRequest> batch) {
        requests.addAll(batch);
    }

    public synchronized List<PushRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
    }
}
