package dev.zaiko.local;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.ListingKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small Japanese shop's goods (a tea and kitchen shop), listed on every channel: thirty SKUs and
 * one set product (お茶セット = 2 × 煎茶 + 1 × 湯呑み), the shape a flash sale needs: a few popular
 * items with little stock that sell out, a long tail that does not.
 */
public final class SampleCatalogue {
    /** One master SKU. {@code hot}: the flash sale's shoppers mostly want these. */
    public record Item(String sku, String name, long stock, boolean hot) {
    }

    /** A listing made of several SKUs (セット商品). */
    public record SetItem(String name, List<Component> components) {
    }

    public static final List<Item> ITEMS = List.of(
            new Item("TEA-SENCHA-100", "静岡 深蒸し煎茶 100g", 12, true),
            new Item("TEA-MATCHA-30", "宇治抹茶 30g 缶入り", 6, true),
            new Item("TEA-GYOKURO-50", "八女 玉露 50g", 4, true),
            new Item("TEA-HOJI-200", "ほうじ茶 200g", 30, false),
            new Item("TEA-GENMAI-200", "玄米茶 200g", 25, false),
            new Item("TEA-MUGI-TB", "麦茶 ティーバッグ 54包", 40, false),
            new Item("TEA-WAKOCHA-TB", "国産 和紅茶 ティーバッグ 20包", 18, false),
            new Item("TEA-SAKURA-LTD", "桜煎茶 春限定 50g", 5, true),
            new Item("CUP-YUNOMI-AI", "有田焼 湯呑み 藍", 10, true),
            new Item("POT-KYUSU-TOKO", "常滑焼 急須 朱泥 300ml", 3, true),
            new Item("TOOL-CHASEN", "茶筅 百本立", 15, false),
            new Item("TOOL-CHASHAKU", "竹 茶杓", 22, false),
            new Item("BOWL-CHAWAN-RAKU", "楽焼 抹茶碗", 4, false),
            new Item("TENUGUI-SAKURA", "手ぬぐい 桜柄", 35, false),
            new Item("FUROSHIKI-70", "風呂敷 70cm 唐草", 20, false),
            new Item("SENSU-WASHI", "和紙 扇子", 16, false),
            new Item("HASHI-5P", "若狭塗 箸 5膳セット", 12, false),
            new Item("SHOYU-500", "丸大豆 醤油 500ml", 28, false),
            new Item("MISO-1KG", "信州 米味噌 1kg", 14, false),
            new Item("UMEBOSHI-300", "紀州南高梅 梅干し 300g", 9, true),
            new Item("NORI-10", "有明海苔 全形 10枚", 30, false),
            new Item("KOMBU-100", "日高昆布 100g", 24, false),
            new Item("KATSUO-100", "鰹節 削り 100g", 26, false),
            new Item("YUZU-KOSHO", "柚子胡椒 青 50g", 20, false),
            new Item("SHICHIMI-15", "七味唐辛子 15g", 33, false),
            new Item("YOKAN-NERI", "練り羊羹 本煉", 11, false),
            new Item("SENBEI-24", "草加せんべい 24枚", 19, false),
            new Item("KONPEITO-80", "金平糖 80g", 27, false),
            new Item("MONAKA-6", "最中 6個入", 8, false),
            new Item("DORAYAKI-5", "どら焼き 5個入", 7, true));

    public static final SetItem TEA_SET = new SetItem("お茶セット（煎茶×2・湯呑み×1）",
            List.of(new Component("TEA-SENCHA-100", 2), new Component("CUP-YUNOMI-AI", 1)));

    private SampleCatalogue() {
    }

    /**
     * Catalogue item number of the set listing: its item keys derive from it. Above any generated
     * item's number (see {@link #items(int)}), so a big catalogue's keys never collide with the set's.
     */
    public static int setNumber() {
        return 900_000;
    }

    /** Default catalogue size: the thirty items above. */
    public static final int DEFAULT_SKUS = 30;

    /**
     * The first {@code skus} items: the thirty above, then generated long-tail goods (a catalogue of
     * a real shop's size: stock 5-60, not popular), deterministic so every run lists the same.
     */
    public static List<Item> items(int skus) {
        if (skus < 1) {
            throw new IllegalArgumentException("a catalogue needs at least 1 SKU, got " + skus);
        }
        if (skus <= ITEMS.size()) {
            return ITEMS.subList(0, skus);
        }
        List<Item> items = new ArrayList<>(skus);
        items.addAll(ITEMS);
        for (int n = ITEMS.size() + 1; n <= skus; n++) {
            items.add(new Item(String.format("GOODS-%05d", n), String.format("雑貨 %05d", n), 5 + (n * 37L) % 56,
                    false));
        }
        return items;
    }

    /** Whether the set (煎茶 × 2 + 湯呑み) is listed: both its components are in the first {@code skus} items. */
    public static boolean hasSet(int skus) {
        List<String> listed = items(skus).stream().map(Item::sku).toList();
        return TEA_SET.components().stream().allMatch(c -> listed.contains(c.sku()));
    }

    /**
     * Defines the SKUs in the ledger, lists every item and the set on every mall (shown 0 until the
     * first push) and maps the listings; the mapping requests the pushes that make every mall show
     * the ledger's quantity. Returns the listings.
     */
    public static List<ListingKey> load(LocalRuntime runtime, LocalMalls malls, long safetyStock) {
        return load(runtime, malls, safetyStock, DEFAULT_SKUS, line -> { });
    }

    /**
     * {@link #load(LocalRuntime, LocalMalls, long)} with {@code skus} items. Up to the thirty sample
     * items each listing is mapped through the ledger service and pushed (the demo shows the push
     * path at start). A bigger catalogue is loaded in bulk, as a shop that already sells on its
     * malls connects: SKUs are defined in parallel through the ledger service, each mall already
     * shows the seller's sellable quantity, and the mappings go to the store's batch write
     * ({@link dev.zaiko.domain.port.StockLedger#saveListings}) without a push request each;
     * {@code progress} gets a line every 10% or so.
     */
    public static List<ListingKey> load(LocalRuntime runtime, LocalMalls malls, long safetyStock, int skus,
                                        java.util.function.Consumer<String> progress) {
        List<Item> items = items(skus);
        ChangeSource source = ChangeSource.admin("sample-catalogue");
        Optional<Long> safety = safetyStock > 0 ? Optional.of(safetyStock) : Optional.empty();
        if (skus <= ITEMS.size()) {
            for (Item item : items) {
                runtime.ledger.define(item.sku(), item.stock(), safety, Optional.empty(), Optional.of(item.name()), source);
            }
            return inParallel(malls.inOrder(), mall -> listOn(runtime, malls, mall, items, hasSet(skus)));
        }
        java.util.concurrent.atomic.AtomicLong defined = new java.util.concurrent.atomic.AtomicLong();
        long step = Math.max(1, items.size() / 10);
        List<List<Item>> slices = new ArrayList<>();
        for (int from = 0; from < items.size(); from += step) {
            slices.add(items.subList(from, (int) Math.min(items.size(), from + step)));
        }
        inParallel(slices, slice -> {
            for (Item item : slice) {
                runtime.ledger.define(item.sku(), item.stock(), safety, Optional.empty(), Optional.of(item.name()),
                        source);
            }
            progress.accept(String.format("catalogue: %,d / %,d SKUs defined", defined.addAndGet(slice.size()),
                    items.size()));
            return List.of();
        });
        java.util.concurrent.atomic.AtomicLong mapped = new java.util.concurrent.atomic.AtomicLong();
        int total = (items.size() + (hasSet(skus) ? 1 : 0)) * malls.inOrder().size();
        return inParallel(malls.inOrder(), mall -> {
            List<ListingKey> keys = new ArrayList<>();
            List<dev.zaiko.domain.port.StockLedger.NewListing> batch = new ArrayList<>();
            // Mapped in bulk through the store (no push per listing): each mall is listed with what its
            // pusher would write, the channel's low-stock hold-back included.
            dev.zaiko.domain.HoldBack holdBack = runtime.channel(mall.channelId()).runtime().holdBack();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                String key = malls.itemKey(mall.channelId(), i + 1, item.sku());
                malls.list(mall.channelId(), key, item.name(), holdBack.shown(Math.max(0, item.stock() - safetyStock)));
                keys.add(new ListingKey(mall.channelId(), key));
                batch.add(new dev.zaiko.domain.port.StockLedger.NewListing(keys.getLast(),
                        List.of(new Component(item.sku(), 1))));
                if (batch.size() == 500 || i == items.size() - 1) {
                    runtime.store.saveListings(batch);
                    long done = mapped.addAndGet(batch.size());
                    if (done % 5_000 < batch.size()) {
                        progress.accept(String.format("catalogue: %,d / %,d listings mapped", done, total));
                    }
                    batch.clear();
                }
            }
            if (hasSet(skus)) {
                keys.add(listSet(runtime, malls, mall));
            }
            return keys;
        });
    }

    private static <T> List<ListingKey> inParallel(List<T> parts,
                                                   java.util.function.Function<T, List<ListingKey>> work) {
        List<java.util.concurrent.Callable<List<ListingKey>>> tasks = new ArrayList<>();
        for (T part : parts) {
            tasks.add(() -> work.apply(part));
        }
        List<ListingKey> listings = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(8, Math.max(1, tasks.size())));
        try {
            for (java.util.concurrent.Future<List<ListingKey>> done : pool.invokeAll(tasks)) {
                listings.addAll(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the sample catalogue", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("loading the sample catalogue failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return listings;
    }

    private static List<ListingKey> listOn(LocalRuntime runtime, LocalMalls malls, LocalMalls.Mall mall,
                                           List<Item> items, boolean withSet) {
        List<ListingKey> listings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String key = malls.itemKey(mall.channelId(), i + 1, item.sku());
            malls.list(mall.channelId(), key, item.name(), 0);
            ListingKey listing = new ListingKey(mall.channelId(), key);
            runtime.ledger.mapListing(listing, List.of(new Component(item.sku(), 1)), false);
            listings.add(listing);
        }
        if (withSet) {
            listings.add(listSet(runtime, malls, mall));
        }
        return listings;
    }

    private static ListingKey listSet(LocalRuntime runtime, LocalMalls malls, LocalMalls.Mall mall) {
        String setKey = malls.itemKey(mall.channelId(), setNumber(), "SET-OCHA");
        malls.list(mall.channelId(), setKey, TEA_SET.name(), 0);
        ListingKey set = new ListingKey(mall.channelId(), setKey);
        runtime.ledger.mapListing(set, TEA_SET.components(), false);
        return set;
    }
}
