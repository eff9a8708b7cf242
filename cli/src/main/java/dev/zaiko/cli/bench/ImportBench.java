package dev.zaiko.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;
import dev.zaiko.local.LocalAdmin;
import dev.zaiko.embedded.EmbeddedSqs;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.LocalRuntime;
import dev.zaiko.sim.shopify.ShopifySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Times the seller's bulk imports on the embedded stack (the whole local runtime: ledger, push
 * queues, woken pushers, one Shopify channel played by its simulator): a stock CSV of N new SKUs,
 * a listings CSV of N listings, then the export of the stock imported back (a no-op by design).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Time a stock CSV import and a listings CSV import of --rows rows each on the embedded stack.")
public final class ImportBench implements Callable<Integer> {
    static final String CHANNEL = "shopify-bench";
    static final String LOCATION = "655441491";

    @Option(names = "--rows", defaultValue = "10000", description = "Rows per file (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (rows < 1 || rows > 1_000_000) {
            System.err.println("zaiko bench import: 1 <= --rows <= 1000000");
            return 2;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (EmbeddedSqs aws = EmbeddedSqs.start();
             LocalRuntime runtime = new LocalRuntime(new TestAws(java.util.Optional.empty(), aws.sqs(), "embedded SQL store + ElasticMQ"), "-bench")) {
            ShopifySimulator shopify = new ShopifySimulator().customAppToken("shpat-bench");
            runtime.addChannel(CHANNEL, "shopify", shopify, Map.of("accessToken", "shpat-bench"),
                    Map.of("locationId", LOCATION), Duration.ofHours(1), false);
            AdminApi api = LocalAdmin.api(runtime);

            StringBuilder stock = new StringBuilder("sku,quantity,safety_stock,jan\n");
            StringBuilder listings = new StringBuilder("channel_id,item_key,sku,units\n");
            for (int i = 0; i < rows; i++) {
                String sku = String.format("BENCH-%07d", i);
                stock.append(sku).append(',').append(10 + i % 50).append(',').append(i % 3).append(',')
                        .append(jan(i)).append('\n');
                listings.append(CHANNEL).append(',').append(1_000_000 + i).append('@').append(LOCATION).append(',')
                        .append(sku).append(",1\n");
            }
            Timed stockImport = post(api, mapper, "/admin/stock/import", "bench-stock.csv", stock.toString());
            Timed listingImport = post(api, mapper, "/admin/listings/import", "bench-listings.csv", listings.toString());
            String export = api.handle(AdminRequest.of("GET", "/admin/stock", "format=csv", new byte[0])).bodyText();
            Timed reimport = post(api, mapper, "/admin/stock/import", "bench-export.csv", export);

            ObjectNode out = mapper.createObjectNode();
            out.put("rows", rows);
            out.put("stock_import_s", round(stockImport.seconds()));
            out.put("stock_rows_per_s", Math.round(rows / stockImport.seconds()));
            out.put("stock_created", stockImport.result().path("created").asInt());
            out.put("listings_import_s", round(listingImport.seconds()));
            out.put("listings_rows_per_s", Math.round(rows / listingImport.seconds()));
            out.put("listings_created", listingImport.result().path("created").asInt());
            out.put("export_reimport_s", round(reimport.seconds()));
            out.put("export_reimport_changed", reimport.result().path("changed").asInt()
                    + reimport.result().path("created").asInt());
            out.put("errors", stockImport.result().path("errors").size() + listingImport.result().path("errors").size()
                    + reimport.result().path("errors").size());
            out.put("parallelism", dev.zaiko.app.ops.Ops.DEFAULT_PARALLELISM);
            if (json) {
                System.out.println(out);
            } else {
                out.fields().forEachRemaining(e -> System.out.printf("%-26s %s%n", e.getKey(), e.getValue()));
            }
            return out.path("errors").asInt() == 0 ? 0 : 1;
        }
    }

    private record Timed(double seconds, JsonNode result) {
    }

    private static Timed post(AdminApi api, ObjectMapper mapper, String path, String file, String csv) {
        long start = System.nanoTime();
        AdminResponse response = api.handle(AdminRequest.of("POST", path, "file=" + file,
                csv.getBytes(StandardCharsets.UTF_8)));
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            JsonNode result = mapper.readTree(response.body());
            if (response.status() != 200) {
                System.err.println(path + " answered " + response.status() + ": " + result);
            }
            return new Timed(seconds, result);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid JAN (EAN-13 with its check digit) per row, in the 45 (Japan) range. */
    static String jan(int i) {
        String body = String.format("45%010d", i);
        int sum = 0;
        for (int k = 0; k < 12; k++) {
            int d = body.charAt(k) - '0';
            sum += (k % 2 == 1) ? d * 3 : d;
        }
        return body + (10 - sum % 10) % 10;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
