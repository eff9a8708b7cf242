package dev.zaiko.app.ops;

import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.ChangeReason;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.PushRequest;
import dev.zaiko.domain.StockLevel;
import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV imports against the real ledger on the embedded SQL store: every validation rule with its exact
 * message and line, nothing written when any rule fails (every table compared before and after),
 * and what a valid file does (journal sources, sets, replace, pushes, export then import).
 */
@ExtendWith(AwsTestBed.class)
class OpsImportIT {
    private final TestAws aws;
    private dev.zaiko.config.Stores stores;
    private dev.zaiko.domain.port.StockLedger store;
    private LedgerService ledger;
    private final List<PushRequest> pushes = new CopyOnWriteArrayList<>();
    private StockImportService stockImport;
    private ListingImportService listingImport;
    private StockReportService reports;

    OpsImportIT(TestAws aws) {
        this.aws = aws;
    }

    /** Two channels; their malls are never called by an import. */
    static final ChannelDirectory CHANNELS = new ChannelDirectory() {
        @Override
        public List<Entry> channels() {
            return List.of(new Entry("rakuten-main", "rakuten"), new Entry("shopify-main", "shopify"));
        }

        @Override
        public ChannelAdapter adapter(String channelId) {
            throw new UnsupportedOperationException("an import never calls a mall");
        }

        @Override
        public int pushQueueDepth(String channelId) {
            return 0;
        }
    };

    @BeforeEach
    void setUp() {
        stores = dev.zaiko.support.TestStores.fresh(aws, Clock.systemUTC());
        store = stores.stockLedger();
        ledger = new LedgerService(store, pushes::addAll, Clock.systemUTC());
        stockImport = new StockImportService(ledger.adjustments(), store, 4);
        listingImport = new ListingImportService(ledger.mappings(), store, CHANNELS, 4);
        reports = new StockReportService(store, CHANNELS, stores.pushLog());
        ledger.define("A", 5, Optional.of(1L), Optional.of("4901234567894"), Optional.of("Tシャツ"),
                ChangeSource.admin("test"));
        ledger.define("B", 2, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("test"));
        ledger.mapListing(new ListingKey("rakuten-main", "tshirt:navy"), List.of(new Component("A", 1)), false);
        pushes.clear();
    }

    // ------------------------------------------------------------------ stock

    @Test
    void everyStockRuleIsReportedWithItsLineAndNothingIsWritten() {
        String csv = """
                sku,quantity,safety_stock,jan
                A,abc,,
                NEW,+3,,
                NEW2,-1,,
                A,,,
                B,-7,,
                B,+1,,
                ,4,,
                X#1,4,,
                C,4,x,
                D,4,,4901234567890
                E,4,,12345
                A,+1,,4901234567894
                F,100000001,,
                G,1,2,3,4
                H,+100000000,,
                """;
        // (line 13 is A again: a repeat of line 2; line 7 is B again: a repeat of line 6)
        Map<String, List<String>> before = tableContents();

        StockImportService.Result result = stockImport.importCsv("stock.csv", bytes(csv), false, Progress.NONE);

        assertThat(result.errors()).extracting(Object::toString).containsExactly(
                "line 2: quantity must be a whole number N, +N or -N (got \"abc\")",
                "line 3: unknown sku NEW: +3 needs an existing SKU (an absolute quantity creates one)",
                "line 4: unknown sku NEW2: -1 needs an existing SKU (an absolute quantity creates one)",
                "line 5: quantity must be a whole number N, +N or -N (got \"\")",
                "line 5: sku A repeats line 2 (give each SKU one row)",
                "line 6: cannot subtract 7 from B: only 2 available",
                "line 7: sku B repeats line 6 (give each SKU one row)",
                "line 8: sku is empty",
                "line 9: sku must not contain '#' (got \"X#1\")",
                "line 10: safety_stock must be a whole number from 0 to 100000000 (got \"x\")",
                "line 11: jan 4901234567890 has a wrong check digit (expected 4)",
                "line 12: jan must be 13 (or 8) digits (got \"12345\")",
                "line 13: sku A repeats line 2 (give each SKU one row)",
                "line 14: quantity 100000001 is above 100000000",
                "line 15: expected 4 fields (sku,quantity,safety_stock,jan), found 5",
                "line 16: unknown sku H: +100000000 needs an existing SKU (an absolute quantity creates one)");
        assertThat(result.applied()).isFalse();
        assertThat(tableContents()).isEqualTo(before);
        assertThat(pushes).isEmpty();
    }

    @Test
    void theRulesThatNeedTheLedgerEachStopTheFileAlone() {
        Map<String, List<String>> before = tableContents();
        assertErrors("sku,quantity,jan\nA,+1,4512345678906\n",
                "line 2: jan can only be changed on a row with an absolute quantity (this row says +1)");
        assertErrors("sku,quantity\nB,-3\nA,9\n", "line 2: cannot subtract 3 from B: only 2 available");
        assertErrors("sku,quantity\nA,+99999996\n", "line 2: adding 99999996 to A would exceed 100000000");
        assertErrors("sku,quantity\nNEW,9\nZ,-1\n",
                "line 3: unknown sku Z: -1 needs an existing SKU (an absolute quantity creates one)");
        assertErrors("sku;quantity\nA;1\n",
                "line 1: the header has no column 'quantity' (expected sku,quantity[,safety_stock][,jan])",
                "line 1: the header has no column 'sku' (expected sku,quantity[,safety_stock][,jan])",
                "line 1: unknown column 'sku;quantity' (expected sku,quantity[,safety_stock][,jan])");
        assertErrors("sku,quantity\n\"A,1\n", "line 2: a quoted field is never closed (a missing \")");
        assertThat(tableContents()).isEqualTo(before);
    }

    private void assertErrors(String csv, String... expected) {
        StockImportService.Result result = stockImport.importCsv("s.csv", bytes(csv), false, Progress.NONE);
        assertThat(result.errors()).extracting(Object::toString).containsExactly(expected);
    }

    @Test
    void aValidFileSetsAddsSubtractsAndCreatesJournaledWithFileAndLineAndPushes() {
        String csv = "\uFEFFsku,quantity,safety_stock,jan\r\n"
                + "A,+4,2,\r\n"
                + "B,-2,,\r\n"
                + "\"Tシャツ,白\",7,,4512345678906\r\n";

        StockImportService.Result result = stockImport.importCsv("dir/棚卸し.csv", bytes(csv), false, Progress.NONE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.failed()).isEmpty();
        assertThat(result).extracting(StockImportService.Result::created, StockImportService.Result::changed,
                StockImportService.Result::unchanged).containsExactly(1, 2, 0);
        Map<String, StockLevel> stock = store.readStock(List.of("A", "B", "Tシャツ,白"));
        assertThat(stock.get("A").available()).isEqualTo(9);
        assertThat(stock.get("A").safetyStock()).isEqualTo(2);
        assertThat(stock.get("B").available()).isZero();
        assertThat(stock.get("Tシャツ,白").available()).isEqualTo(7);
        assertThat(stock.get("Tシャツ,白").jan()).contains("4512345678906");
        List<JournalEntry> journal = store.journal("A", 10);
        assertThat(journal).extracting(JournalEntry::reason, e -> e.source().toString()).startsWith(
                org.assertj.core.groups.Tuple.tuple(ChangeReason.SAFETY_STOCK_SET, "csv:棚卸し.csv:2"),
                org.assertj.core.groups.Tuple.tuple(ChangeReason.STOCK_ADDED, "csv:棚卸し.csv:2"));
        assertThat(store.journal("B", 1).get(0).source()).isEqualTo(ChangeSource.csv("棚卸し.csv", 3));
        assertThat(pushes).extracting(PushRequest::listing)
                .containsOnly(new ListingKey("rakuten-main", "tshirt:navy"));
    }

    @Test
    void exportThenImportChangesNothingAndADryRunWritesNothing() {
        ledger.define("Q,\"quoted\"", 3, Optional.of(1L), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        String export = reports.exportCsv();
        assertThat(export).isEqualTo("sku,quantity,safety_stock,jan\r\n"
                + "A,5,1,4901234567894\r\n"
                + "B,2,0,\r\n"
                + "\"Q,\"\"quoted\"\"\",3,1,\r\n");
        Map<String, List<String>> before = tableContents();
        pushes.clear();

        StockImportService.Result again = stockImport.importCsv("export.csv", bytes(export), false, Progress.NONE);
        StockImportService.Result dry = stockImport.importCsv("x.csv", bytes("sku,quantity\nA,0\nNEW,1\n"), true,
                Progress.NONE);

        assertThat(again.errors()).isEmpty();
        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(dry.errors()).isEmpty();
        assertThat(dry.applied()).isFalse();
        assertThat(tableContents()).isEqualTo(before);
        assertThat(pushes).isEmpty();
    }

    // ------------------------------------------------------------------ listings

    @Test
    void everyListingRuleIsReportedWithItsLineAndNothingIsWritten() {
        String csv = """
                channel_id,item_key,sku,units
                yahoo-main,item-1,A,1
                rakuten-main,,A,1
                rakuten-main,set-1,A,2
                rakuten-main,set-1,B,
                rakuten-main,set-1,A,1
                rakuten-main,item-2,A,0
                rakuten-main,item-3,A,x
                rakuten-main,item-4,,1
                rakuten-main,item-5,NOPE,1
                rakuten-main,tshirt:navy,B,1
                ,item-6,A,1
                rakuten-main,item-7,A,1001
                shopify-main,1@2,A#x,1
                """;
        Map<String, List<String>> before = tableContents();

        ListingImportService.Result result = listingImport.importCsv("listings.csv", bytes(csv), false, false,
                Progress.NONE);

        assertThat(result.errors()).extracting(Object::toString).containsExactly(
                "line 2: unknown channel 'yahoo-main' (channels: rakuten-main, shopify-main)",
                "line 3: item_key is empty",
                "line 6: channel_id,item_key,sku rakuten-main,set-1,A repeats line 4",
                "line 7: units must be a whole number of at least 1 (got \"0\")",
                "line 8: units must be a whole number of at least 1 (got \"x\")",
                "line 9: sku is empty",
                "line 10: unknown sku NOPE (import it with `zaiko stock import` first)",
                "line 11: listing rakuten-main#tshirt:navy is already mapped to [A x1]; this file maps it to [B x1]"
                        + " (use --replace to change it)",
                "line 12: channel_id is empty",
                "line 13: units must be at most 1000 (got 1001)",
                "line 14: sku must not contain '#' (got \"A#x\")");
        assertThat(tableContents()).isEqualTo(before);
        assertThat(pushes).isEmpty();
    }

    @Test
    void aValidFileMapsItemsAndSetsAndReplaceChangesAnExistingMapping() {
        String csv = "channel_id,item_key,sku,units\r\n"
                + "rakuten-main,set-1,A,2\r\n"
                + "rakuten-main,set-1,B\r\n".replace("B\r\n", "B,\r\n")
                + "shopify-main,808950810@655441491,B,1\r\n"
                + "rakuten-main,tshirt:navy,A,1\r\n";

        ListingImportService.Result first = listingImport.importCsv("l.csv", bytes(csv), false, false, Progress.NONE);

        assertThat(first.errors()).isEmpty();
        assertThat(first).extracting(ListingImportService.Result::listings, ListingImportService.Result::created,
                ListingImportService.Result::unchanged).containsExactly(3, 2, 1);
        assertThat(store.findListing(new ListingKey("rakuten-main", "set-1")).orElseThrow().components())
                .containsExactlyInAnyOrder(new Component("A", 2), new Component("B", 1));
        assertThat(pushes).extracting(PushRequest::listing).containsExactlyInAnyOrder(
                new ListingKey("rakuten-main", "set-1"), new ListingKey("shopify-main", "808950810@655441491"));

        ListingImportService.Result replaced = listingImport.importCsv("r.csv",
                bytes("channel_id,item_key,sku\nrakuten-main,tshirt:navy,B\n"), true, false, Progress.NONE);

        assertThat(replaced.errors()).isEmpty();
        assertThat(replaced.replaced()).isEqualTo(1);
        assertThat(store.findListing(new ListingKey("rakuten-main", "tshirt:navy")).orElseThrow().components())
                .containsExactly(new Component("B", 1));
        assertThat(store.allListings()).extracting(Listing::key).extracting(ListingKey::value).containsExactly(
                "rakuten-main#set-1", "rakuten-main#tshirt:navy", "shopify-main#808950810@655441491");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything an import could write (stock, mappings, journal, push log), read back from the store. */
    private Map<String, List<String>> tableContents() {
        Map<String, List<String>> contents = new java.util.TreeMap<>();
        List<dev.zaiko.domain.StockLevel> stock = store.allStock();
        contents.put("stock", stock.stream().map(Object::toString).toList());
        contents.put("listings", store.allListings().stream().map(Object::toString).toList());
        List<String> journal = new ArrayList<>();
        stock.forEach(level -> store.journal(level.sku(), 1000).forEach(entry -> journal.add(entry.toString())));
        contents.put("journal", journal);
        List<String> pushLog = new ArrayList<>();
        store.allListings().forEach(listing -> stores.pushLog().entry(listing.key())
                .ifPresent(entry -> pushLog.add(entry.toString())));
        contents.put("pushLog", pushLog);
        return contents;
    }
}
