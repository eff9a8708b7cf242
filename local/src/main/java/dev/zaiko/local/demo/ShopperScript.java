package dev.zaiko.local.demo;

import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The flash sale's shoppers, written down before the sale starts: every attempt to buy (when, at
 * which mall, which listing, how many, and whether and when the buyer cancels if the mall takes
 * it). Both arms of {@code zaiko demo --compare} replay the same script, so they meet the same
 * shoppers at the same moments; only whether a mall still shows stock differs.
 */
public final class ShopperScript {
    /**
     * One shopper's click.
     *
     * @param at          from the sale's start (demo time, already compressed)
     * @param cancelAfter if the mall takes the order, the buyer cancels this long after it; empty: keeps it
     */
    public record Attempt(int seq, Duration at, String channelId, ListingKey listing, int quantity,
                          Optional<Duration> cancelAfter) {
    }

    /** One mall of the sale: its channel id and mall type (the type sets how busy its shoppers are). */
    public record Mall(String channelId, String type) {
    }

    /** The demo's reference compression: a 20-minute sale played in 40 s, 1-minute polls every 2 s. */
    public static final double REFERENCE_COMPRESSION = 30;

    private ShopperScript() {
    }

    /**
     * Attempts per second on each mall at the reference compression: mall traffic differs
     * (Mercari's hourly API budget, Yahoo's 1 call/s shape how busy a seller's shop there is).
     */
    static double attemptsPerSecond(String type) {
        return switch (type) {
            case "mercari" -> 0.5;
            case "yahoo" -> 0.6;
            case "amazon", "shopify", "makeshop" -> 1.6;
            default -> 1.2;
        };
    }

    /**
     * The seeded script: per mall (in the given order, each with its own random stream drawn from
     * {@code seed}), exponential gaps between attempts; 10% aim at the set, 65% at a popular listing,
     * the rest at any listing of that mall; 1 unit (80%) or 2; 8% cancel 30-120 s (real time) later.
     * Arrival rates and cancel delays scale with {@code compression} (a sale played faster has busier
     * shoppers and quicker cancels).
     *
     * @param mapped every listing of the sale and its components
     * @param hot    the popular SKUs
     */
    public static List<Attempt> seeded(List<Mall> malls, Map<ListingKey, List<Component>> mapped, Set<String> hot,
                                       Duration sale, double compression, long seed) {
        double speed = compression / REFERENCE_COMPRESSION;
        Random seeds = new Random(seed);
        List<Attempt> attempts = new ArrayList<>();
        for (Mall mall : malls) {
            Random random = new Random(seeds.nextLong());
            List<ListingKey> own = mapped.keySet().stream().filter(k -> k.channelId().equals(mall.channelId()))
                    .sorted(Comparator.comparing(ListingKey::toString)).toList();
            if (own.isEmpty()) {
                continue;
            }
            List<ListingKey> popular = own.stream().filter(k -> mapped.get(k).size() == 1
                    && hot.contains(mapped.get(k).get(0).sku())).toList();
            ListingKey set = own.stream().filter(k -> mapped.get(k).size() > 1).findFirst().orElse(null);
            double rate = attemptsPerSecond(mall.type()) * speed;
            double atMs = 0;
            while (true) {
                atMs += -Math.log(1 - random.nextDouble()) / rate * 1000;
                double pick = random.nextDouble();
                int index = random.nextInt(own.size());
                int hotIndex = popular.isEmpty() ? 0 : random.nextInt(popular.size());
                int quantity = random.nextDouble() < 0.8 ? 1 : 2;
                boolean cancels = random.nextDouble() < 0.08;
                long cancelMs = (long) ((1000 + random.nextInt(3000)) / speed);
                if (atMs >= sale.toMillis()) {
                    break;
                }
                ListingKey target = pick < 0.1 && set != null ? set
                        : pick < 0.75 && !popular.isEmpty() ? popular.get(hotIndex) : own.get(index);
                attempts.add(new Attempt(0, Duration.ofMillis((long) atMs), mall.channelId(), target, quantity,
                        cancels ? Optional.of(Duration.ofMillis(cancelMs)) : Optional.empty()));
            }
        }
        return numbered(attempts);
    }

    /** Sorts by time (then mall) and numbers the attempts 1..n in that order. */
    public static List<Attempt> numbered(List<Attempt> attempts) {
        List<Attempt> sorted = new ArrayList<>(attempts);
        sorted.sort(Comparator.comparing(Attempt::at).thenComparing(Attempt::channelId));
        List<Attempt> numbered = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Attempt a = sorted.get(i);
            numbered.add(new Attempt(i + 1, a.at(), a.channelId(), a.listing(), a.quantity(), a.cancelAfter()));
        }
        return List.copyOf(numbered);
    }
}
