package dev.zaiko.channel.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which still-open orders a poll re-checks when it cannot ask about all of them: a window of
 * {@code max} that moves with the poll minute through the sorted open set, so every open order is
 * asked within {@code ceil(n / max)} polls and no single order is starved.
 */
public final class RecheckRotation {
    private RecheckRotation() {
    }

    public static List<String> pick(Collection<String> open, int max, Instant pollTime) {
        if (max <= 0) {
            return List.of();
        }
        List<String> sorted = new ArrayList<>(open);
        sorted.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        int n = sorted.size();
        if (n <= max) {
            return sorted;
        }
        long minute = Math.floorDiv(pollTime.getEpochSecond(), 60);
        int start = (int) Math.floorMod(minute * max, (long) n);
        List<String> picked = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            picked.add(sorted.get((start + i) % n));
        }
        return picked;
    }
}
