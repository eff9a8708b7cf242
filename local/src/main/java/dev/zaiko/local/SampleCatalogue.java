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

    /** Catalogue item number of the set listing (after the single items): its item keys derive from it. */
    public static int setNumber() {
        return ITEMS.size() + 1;
    }

    /**
     * Defines the SKUs in the ledger, lists every item and the set on every mall (shown 0 until the
     * first push) and maps the listings; the mapping requests the pushes that make every mall show
     * the ledger's quantity. Returns the listings.
     */
    public static List<ListingKey> load(LocalRuntime runtime, LocalMalls malls, long safetyStock) {
        ChangeSource source = ChangeSource.admin("sample-catalogue");
        for (Item item : ITEMS) {
            runtime.ledger.define(item.sku(), item.stock(), safetyStock > 0 ? Optional.of(safetyStock) : Optional.empty(),
                    Optional.empty(), Optional.of(item.name()), source);
        }
        // One thread per channel: mapping is a few ledger round trips per listing, and channels are independent.
        List<java.util.concurrent.Callable<List<ListingKey>>> perChannel = new ArrayList<>();
        for (LocalMalls.Mall mall : malls.inOrder()) {
            perChannel.add(() -> listOn(runtime, malls, mall));
        }
        List<ListingKey> listings = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(perChannel.size());
        try {
            for (java.util.concurrent.Future<List<ListingKey>> done : pool.invokeAll(perChannel)) {
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

    private static List<ListingKey> listOn(LocalRuntime runtime, LocalMalls malls, LocalMalls.Mall mall) {
        List<ListingKey> listings = new ArrayList<>();
        for (int i = 0; i < ITEMS.size(); i++) {
            Item item = ITEMS.get(i);
            String key = malls.itemKey(mall.channelId(), i + 1, item.sku());
            malls.list(mall.channelId(), key, item.name(), 0);
            ListingKey listing = new ListingKey(mall.channelId(), key);
            runtime.ledger.mapListing(listing, List.of(new Component(item.sku(), 1)), false);
            listings.add(listing);
        }
        String setKey = malls.itemKey(mall.channelId(), setNumber(), "SET-OCHA");
        malls.list(mall.channelId(), setKey, TEA_SET.name(), 0);
        ListingKey set = new ListingKey(mall.channelId(), setKey);
        runtime.ledger.mapListing(set, TEA_SET.components(), false);
        listings.add(set);
        return listings;
    }
}
