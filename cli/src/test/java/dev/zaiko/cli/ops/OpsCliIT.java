package dev.zaiko.cli.ops;

import dev.zaiko.local.LocalAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.zaiko.admin.AdminHttpHandler;
import dev.zaiko.cli.ZaikoCli;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.EventOrigin;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderAction;
import dev.zaiko.domain.OrderEvent;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.sim.amazon.AmazonSimulator;
import dev.zaiko.sim.shopify.ShopifySimulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seller commands end to end: the CLI (picocli, in this JVM) calls the admin API over HTTP,
 * mounted as {@code ./zaiko local up} mounts it on a local runtime with Shopify and Amazon played
 * by their simulators.
 */
@ExtendWith(AwsTestBed.class)
class OpsCliIT {
    private static final Duration AWAIT = Duration.ofSeconds(30);

    static final String SHOPIFY = "shopify-main";
    static final String AMAZON = "amazon-jp";
    static final String LOCATION = "655441491";
    static final String ITEM = "808950810@" + LOCATION;
    static final String TOKEN = "shpat-secret-token-1";

    private final TestAws aws;
    private final ObjectMapper json = new ObjectMapper();
    private LocalRuntime runtime;
    private ShopifySimulator shopify;
    private AmazonSimulator amazon;
    private HttpServer gateway;
    @TempDir
    Path dir;

    OpsCliIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() throws IOException {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        shopify = new ShopifySimulator().customAppToken(TOKEN);
        amazon = new AmazonSimulator();
        runtime.addChannel(SHOPIFY, "shopify", shopify, Map.of("accessToken", TOKEN),
                Map.of("locationId", LOCATION), Duration.ofMinutes(1), false);
        runtime.addChannel(AMAZON, "amazon", amazon, Map.of("refreshToken", AmazonSimulator.REFRESH_TOKEN,
                        "clientId", AmazonSimulator.CLIENT_ID, "clientSecret", AmazonSimulator.CLIENT_SECRET,
                        "sellerId", AmazonSimulator.SELLER_ID, "clientSecretRotatedAt", "2025-06-01"),
                Map.of("lwaUrl", amazon.baseUrl().toString()), Duration.ofMinutes(1), false);
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/admin/", new AdminHttpHandler(LocalAdmin.api(runtime)));
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
        runtime.close();
    }

    record Run(int exit, String out, String err) {
    }

    private Run zaiko(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help")) {
            all.add("--gateway");
            all.add("http://127.0.0.1:" + gateway.getAddress().getPort());
        }
        int exit = new CommandLine(new ZaikoCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void importsShowHistoryAndExportRoundTrip() throws IOException {
        Path stock = file("stock.csv", "sku,quantity,safety_stock,jan\nTS-NAVY-M,5,1,4901234567894\nSOCKS,3,,\n");
        Run imported = zaiko("stock", "import", stock.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("stock.csv: 2 rows — 2 created, 0 changed, 0 unchanged\n");

        Path listings = file("listings.csv", "channel_id,item_key,sku,units\r\n"
                + SHOPIFY + "," + ITEM + ",TS-NAVY-M,1\r\n"
                + AMAZON + ",GIFT-SET,TS-NAVY-M,1\r\n"
                + AMAZON + ",GIFT-SET,SOCKS,2\r\n");
        shopify.putItem(ITEM, 0);
        amazon.putItem("GIFT-SET", 0);
        Run mapped = zaiko("listings", "import", listings.toString());
        assertThat(mapped.exit()).as(mapped.err()).isZero();
        assertThat(mapped.out()).isEqualTo("listings.csv: 3 rows, 2 listings — 2 created, 0 replaced, 0 unchanged\n");

        Path broken = file("broken.csv", "channel_id,item_key,sku,units\n"
                + "rakuten-x,1,TS-NAVY-M,1\n" + SHOPIFY + ",999@1,SOCKS,0\n" + AMAZON + ",GIFT-SET,SOCKS,1\n");
        Run refused = zaiko("listings", "import", broken.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("broken.csv: 3 errors; nothing was written:\n"
                + "  line 2: unknown channel 'rakuten-x' (channels: amazon-jp, shopify-main)\n"
                + "  line 3: units must be a whole number of at least 1 (got \"0\")\n"
                + "  line 4: listing amazon-jp#GIFT-SET is already mapped to [SOCKS x2 + TS-NAVY-M x1]; this file"
                + " maps it to [SOCKS x1] (use --replace to change it)\n");

        Await.until(AWAIT, "both malls show the ledger", () -> shopify.shownQuantity(ITEM).orElse(-1) == 4
                && amazon.shownQuantity("GIFT-SET").orElse(-1) == 1);
        Run show = zaiko("stock", "show", "TS-NAVY-M");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("available 5, safety stock 1, sellable 4, JAN 4901234567894")
                .containsPattern("amazon-jp#GIFT-SET +\\[SOCKS x2 \\+ TS-NAVY-M x1] +sellable +1 +mall shows +1\n")
                .containsPattern("shopify-main#808950810@655441491 +\\[TS-NAVY-M x1] +sellable +4 +mall shows +4\n");
        Run history = zaiko("stock", "history", "TS-NAVY-M", "--json");
        JsonNode entries = json.readTree(history.out()).path("entries");
        assertThat(entries).extracting(e -> e.path("reason").asText() + " " + e.path("source").asText())
                .containsExactly("STOCK_CREATED csv:stock.csv:2");
        assertThat(entries.get(0).path("safetyStockAfter").asLong()).isEqualTo(1);

        Path exported = dir.resolve("export.csv");
        assertThat(zaiko("stock", "export", exported.toString()).exit()).isZero();
        assertThat(Files.readString(exported)).isEqualTo("sku,quantity,safety_stock,jan\r\n"
                + "SOCKS,3,0,\r\nTS-NAVY-M,5,1,4901234567894\r\n");
        Run again = zaiko("stock", "import", exported.toString());
        assertThat(again.out()).isEqualTo("export.csv: 2 rows — 0 created, 0 changed, 2 unchanged\n");
        assertThat(zaiko("stock", "show", "NOPE").err()).isEqualTo("zaiko: no SKU NOPE in the ledger\n");
    }

    @Test
    void diffFindsADiscrepancyMadeBehindOurBackAndPushRepairsIt() throws IOException {
        runtime.ledger.define("TS-NAVY-M", 5, Optional.empty(), Optional.empty(), Optional.empty(),
                ChangeSource.admin("test"));
        shopify.putItem(ITEM, 0);
        assertThat(zaiko("listings", "import", file("l.csv", "channel_id,item_key,sku\n" + SHOPIFY + "," + ITEM
                + ",TS-NAVY-M\n").toString()).exit()).isZero();
        Await.until(AWAIT, "Shopify shows 5", () -> shopify.shownQuantity(ITEM).orElse(-1) == 5);
        assertThat(zaiko("diff").exit()).isZero();

        shopify.driftShownQuantity(ITEM, 9); // a seller typed 9 in Shopify's admin

        Run diff = zaiko("diff");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).containsPattern("DIFFERENT +shopify-main#808950810@655441491 +sellable +5 +mall shows"
                + " +9 +\\(\\+4\\)\n").contains("1 listings checked, 1 differ");
        JsonNode report = json.readTree(zaiko("diff", "--channel", SHOPIFY, "--json").out());
        assertThat(report.path("listings").get(0).path("status").asText()).isEqualTo("DIFFERENT");
        assertThat(report.path("listings").get(0).path("difference").asLong()).isEqualTo(4);

        Run push = zaiko("push", "--channel", SHOPIFY);
        assertThat(push.exit()).as(push.err()).isZero();
        assertThat(push.out()).startsWith("requested 1 pushes (0 urgent)\n");

        Await.until(AWAIT, "Shopify shows the ledger's 5 again", () -> shopify.shownQuantity(ITEM).orElse(-1) == 5);
        Run after = zaiko("diff");
        assertThat(after.exit()).isZero();
        assertThat(after.out()).isEqualTo("1 listings checked, 0 differ\n");
        assertThat(zaiko("push", "--sku", "TS-NAVY-M", "--all").exit()).isEqualTo(2);
    }

    @Test
    void autoLinkByJanOnShopifyAndImportFromAmazon() {
        runtime.ledger.define("TS-NAVY-M", 5, Optional.empty(), Optional.of("4901234567894"), Optional.empty(),
                ChangeSource.admin("test"));
        shopify.putItem(ITEM, 0);
        shopify.putVariantDetails(ITEM, "shop-navy-m", "4901234567894", "Tシャツ 紺 M");
        shopify.putItem("808950811@" + LOCATION, 0);
        shopify.putVariantDetails("808950811@" + LOCATION, "shop-white", null, "Tシャツ 白");

        Run dry = zaiko("listings", "auto-link", "--channel", SHOPIFY, "--by", "jan", "--dry-run");
        assertThat(dry.out()).startsWith("would link 1, already linked 0, not linked 1 (of 2 catalogue items)\n");
        assertThat(runtime.store.allListings()).isEmpty();
        Run linked = zaiko("listings", "auto-link", "--channel", SHOPIFY, "--by", "jan");
        assertThat(linked.exit()).as(linked.err()).isZero();
        assertThat(linked.out()).isEqualTo("linked 1, already linked 0, not linked 1 (of 2 catalogue items)\n"
                + "  + shopify-main#808950810@655441491 -> TS-NAVY-M  (jan 4901234567894)  Tシャツ 紺 M\n"
                + "  - 808950811@655441491: no JAN on the mall  Tシャツ 白\n");

        amazon.putItem("AMZ-TOTE", 7);
        amazon.putListingDetails("AMZ-TOTE", "トートバッグ", "4512345678906");
        amazon.putItem("TS-NAVY-M", 5);
        Run imported = zaiko("listings", "import-amazon");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("amazon-jp: 2 Amazon listings; 1 new master SKUs\n"
                + "linked 2, already linked 0, not linked 0 (of 2 catalogue items)\n");
        var tote = runtime.store.readStock(List.of("AMZ-TOTE")).get("AMZ-TOTE");
        assertThat(tote.available()).isEqualTo(7);
        assertThat(tote.jan()).contains("4512345678906");
        assertThat(tote.name()).contains("トートバッグ");
        assertThat(runtime.store.findListing(new ListingKey(AMAZON, "TS-NAVY-M"))).isPresent();
        assertThat(runtime.store.readStock(List.of("TS-NAVY-M")).get("TS-NAVY-M").available()).isEqualTo(5);
        assertThat(zaiko("listings", "auto-link", "--channel", AMAZON, "--by", "code").out())
                .startsWith("linked 0, already linked 2, not linked 0");
    }

    @Test
    void channelsShowHealthQueuesAndExpiryButNoSecretAndOrdersNeedingTheSeller() throws IOException {
        Run channels = zaiko("channels", "--json");
        assertThat(channels.out()).doesNotContain(TOKEN).doesNotContain(AmazonSimulator.CLIENT_SECRET)
                .doesNotContain(AmazonSimulator.REFRESH_TOKEN);
        JsonNode list = json.readTree(channels.out()).path("channels");
        assertThat(list).extracting(c -> c.path("id").asText() + " " + c.path("health").asText() + " "
                + c.path("queueDepth").asInt()).containsExactly("amazon-jp OK 0", "shopify-main OK 0");
        JsonNode secret = list.get(0).path("credentials").get(0);
        assertThat(secret.path("name").asText()).isEqualTo("LWA client secret");
        assertThat(secret.path("expiresAt").asText()).isEqualTo("2025-11-28T00:00:00Z");
        assertThat(secret.path("needsRenewal").asBoolean()).isTrue();
        assertThat(channels.exit()).isEqualTo(1);
        assertThat(zaiko("channels").out()).contains("! LWA client secret has expired: Rotate the LWA client secret");

        runtime.ledger.apply(new OrderEvent(SHOPIFY, "5001", "1", "999@" + LOCATION, 2, OrderAction.RESERVE, "PAID",
                Instant.parse("2026-01-02T03:04:05Z"), EventOrigin.POLL));
        Run unmapped = zaiko("orders", "--state", "UNMAPPED");
        assertThat(unmapped.out()).containsPattern("shopify-main +order 5001 +line 1 +item 999@655441491 +qty +2")
                .endsWith("1 UNMAPPED line\n");
        assertThat(zaiko("orders", "--state", "OVERSOLD").out()).isEqualTo("0 OVERSOLD lines\n");
        // An oversold Shopify order shows its name (#1001) before its id, and the SKU it took
        runtime.ledger.define("TS-NAVY-M", 5, Optional.empty(), Optional.empty(), Optional.empty(),
                ChangeSource.admin("test"));
        runtime.ledger.mapListing(new ListingKey(SHOPIFY, ITEM), List.of(new Component("TS-NAVY-M", 1)), false);
        runtime.ledger.apply(new OrderEvent(SHOPIFY, "5200000102", "1", ITEM, 9, OrderAction.RESERVE, "PAID",
                Instant.parse("2026-01-02T03:05:00Z"), EventOrigin.POLL).withOrderName("#1001"));
        assertThat(zaiko("orders", "--state", "OVERSOLD").out())
                .containsPattern("shopify-main +order #1001 \\(5200000102\\) +line 1 +item " + ITEM
                        + " +qty +9  short \\{\"TS-NAVY-M\":4\\}  sku TS-NAVY-M  2026")
                .endsWith("1 OVERSOLD line\n");
        Run bad = zaiko("orders", "--state", "RESERVED");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("zaiko: state must be OVERSOLD or UNMAPPED (got RESERVED)\n");
    }

    @Test
    void everyCommandHasHelpAndAMissingGatewayIsExplained() {
        for (List<String> command : List.of(List.of("listings", "import"), List.of("listings", "auto-link"),
                List.of("listings", "import-amazon"), List.of("stock", "import"), List.of("stock", "export"),
                List.of("stock", "show"), List.of("stock", "history"), List.of("diff"), List.of("push"),
                List.of("channels"), List.of("orders"), List.of("bench", "import"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Run help = zaiko(args.toArray(String[]::new));
            assertThat(help.exit()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).as(String.join(" ", command)).startsWith("Usage: zaiko " + String.join(" ", command));
        }
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ZaikoCli()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute("channels", "--gateway", "http://127.0.0.1:1");
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).startsWith("zaiko: no zaiko admin API at http://127.0.0.1:1 (start one with");
    }
}
