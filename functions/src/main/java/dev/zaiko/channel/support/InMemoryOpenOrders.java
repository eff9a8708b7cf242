package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.OpenOrders;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Open orders kept in memory: for tests and simulators; the poller uses the DynamoDB-backed one. */
public final class InMemoryOpenOrders implements OpenOrders {
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    @Override
    public Set<String> openOrderIds() {
        return Set.copyOf(open);
    }

    @Override
    public void markOpen(Collection<String> orderIds) {
        open.addAll(orderIds);
    }

    @Override
    public void markClosed(Collection<String> orderIds) {
        open.removeAll(orderIds);
    }
}
