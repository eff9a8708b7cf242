package dev.zaiko.support;

import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushFence;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.port.ListingPushLog;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ListingPushLog} in memory, with the fence rules of the store adapters (see its contract). */
public final class InMemoryPushLog implements ListingPushLog {
    private final Map<ListingKey, PushFence> fences = new HashMap<>();
    private final Map<ListingKey, Entry> entries = new HashMap<>();

    @Override
    public synchronized OptionalLong lastPushed(ListingKey listing) {
        return entry(listing).map(Entry::lastPushedQuantity).orElse(OptionalLong.empty());
    }

    @Override
    public synchronized boolean claim(ListingKey listing, PushFence fence, Instant at) {
        if (fence.isBefore(fence(listing))) {
            return false;
        }
        fences.put(listing, fence);
        return true;
    }

    @Override
    public synchronized boolean record(ListingKey listing, PushFence fence, long quantity, PushStatus status,
                                       String mallCode, String message, Instant at) {
        if (!fence.equals(fences.get(listing))) {
            return false;
        }
        record(listing, quantity, status, mallCode, message, at);
        return true;
    }

    @Override
    public synchronized void record(ListingKey listing, long quantity, PushStatus status, String mallCode,
                                    String message, Instant at) {
        OptionalLong last = status == PushStatus.OK ? OptionalLong.of(quantity) : lastPushed(listing);
        entries.put(listing, new Entry(listing, last, status, mallCode, message, at));
    }

    @Override
    public synchronized Optional<Entry> entry(ListingKey listing) {
        return Optional.ofNullable(entries.get(listing));
    }

    @Override
    public synchronized PushFence fence(ListingKey listing) {
        return fences.getOrDefault(listing, PushFence.NONE);
    }
}
