package dev.zaiko.local.demo;

import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.local.LocalConfig;
import dev.zaiko.local.LocalSystem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * {@code zaiko demo --compare}: the same flash sale (the same {@link ShopperScript}: same orders at
 * the same moments at the same malls, same cancels, same faults) played twice, one arm after the
 * other, each on a fresh local stack with the same simulators and ledger rules: zaiko-sync as
 * shipped, then a typical sync tool ({@link PollCycle}). Only order detection and push cadence
 * differ. Every clock of both arms is compressed by the same factor: the sale, poll intervals and
 * the typical tool's cycle, cancel delays, the settle windows, and the malls' rate limits (the
 * adapters' token buckets).
 */
public final class Comparison {
    /**
     * @param sale        the sale's length as played (compressed)
     * @param compression how many times faster than real time everything runs
     * @param faults      both arms get every simulator fault switch ({@code demo --faults})
     */
    public record Options(LocalConfig base, int skus, Duration sale, Duration settleLimit, long seed,
                          double compression, boolean faults) {
        public Options(LocalConfig base, int skus, Duration sale, Duration settleLimit, long seed, double compression) {
            this(base, skus, sale, settleLimit, seed, compression, false);
        }
    }

    /** @param oversoldRatio zaiko's oversold units ÷ the typical tool's; 0 when both are 0; empty when only zaiko oversold */
    public record Result(FlashSale.Report zaiko, FlashSale.Report typical, OptionalDouble oversoldRatio,
                         double compression) {
        public boolean passed() {
            return zaiko.passed() && typical.passed();
        }
    }

    /** Receives the live view's snapshots and progress lines of each arm in turn. */
    public interface Watcher {
        void starting(FlashSale.Cadence arm);

        void snapshot(FlashSale.Snapshot snapshot);

        void log(String line);
    }

    private Comparison() {
    }

    /** Runs the seeded script on both arms. */
    public static Result run(Options options, Watcher watcher) {
        return run(options, Optional.empty(), watcher);
    }

    /** Runs {@code script} (or the seeded one) on both arms, zaiko-sync first. */
    public static Result run(Options options, Optional<List<ShopperScript.Attempt>> script, Watcher watcher) {
        List<ShopperScript.Attempt>[] played = new List[]{script.orElse(null)};
        FlashSale.Report zaiko = arm(options, FlashSale.Cadence.ZAIKO, played, watcher);
        FlashSale.Report typical = arm(options, FlashSale.Cadence.TYPICAL, played, watcher);
        return new Result(zaiko, typical, ratio(zaiko.oversoldUnits(), typical.oversoldUnits()), options.compression());
    }

    /** One arm on a fresh stack; the first arm fixes the script for the second. */
    public static FlashSale.Report arm(Options options, FlashSale.Cadence cadence,
                                       List<ShopperScript.Attempt>[] script, Watcher watcher) {
        watcher.starting(cadence);
        TokenBucket.compressTime(options.compression());
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(
                FlashSale.armConfig(options.base(), cadence, options.compression()), Optional.empty(), true)
                .withCatalogueSkus(options.skus()), watcher::log)) {
            if (cadence == FlashSale.Cadence.ZAIKO) {
                system.startSchedules();
            }
            FlashSale sale = new FlashSale(system, new FlashSale.Settings(options.sale(), options.settleLimit(),
                    options.seed(), options.compression(), cadence, options.faults()));
            if (script[0] == null) {
                script[0] = sale.seededScript();
            }
            return sale.run(script[0], watcher::snapshot);
        } finally {
            TokenBucket.compressTime(1);
        }
    }

    /** zaiko ÷ typical; 0 when both are 0; empty when only zaiko oversold (no finite ratio). */
    public static OptionalDouble ratio(long zaiko, long typical) {
        if (typical == 0) {
            return zaiko == 0 ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        return OptionalDouble.of((double) zaiko / typical);
    }
}
