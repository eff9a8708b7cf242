package dev.zaiko.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.sim.shopify.ShopifySimulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zaiko local up} as a separate process, as a developer or a script runs it: its one ready
 * line on stdout, a signed Shopify webhook through the gateway changing the ledger (read through the
 * admin API) and every other simulated mall (read from the mall's side), a forged one refused with
 * 401 changing nothing, and a clean stop on SIGTERM.
 */
class LocalUpProcessIT {
    static final String SKU = "TEA-MATCHA-30";
    /** Second item of the sample catalogue on Shopify: inventory item 40000000002 at the default location. */
    static final String SHOPIFY_ITEM = "40000000002@655441491";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Path stderr;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void localUpTakesASignedWebhookEveryMallFollowsAndItStopsCleanly() throws Exception {
        stderr = Files.createTempFile("zaiko-local-up-", ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.zaiko.cli.ZaikoCli", "local", "up", "--in-memory", "--port", "0")
                .redirectError(stderr.toFile());
        process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String readyLine = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(180, TimeUnit.SECONDS);
        assertThat(readyLine).as("ready line; stderr: %s", tail()).isNotNull();

        JsonNode ready = json.readTree(readyLine);
        assertThat(ready.get("ready").asBoolean()).isTrue();
        URI gateway = URI.create(ready.get("gateway").asText());
        assertThat(gateway.getHost()).isEqualTo("127.0.0.1");
        Map<String, JsonNode> channels = new HashMap<>();
        ready.get("channels").forEach(c -> channels.put(c.get("id").asText(), c));
        assertThat(channels).hasSize(8);
        JsonNode shopify = channels.get("shopify-main");
        assertThat(shopify.get("webhookUrl").asText()).isEqualTo(gateway + "/webhooks/shopify-main");
        assertThat(channels.get("rakuten-main").get("webhookUrl").isNull()).isTrue();
        assertThat(get(gateway.resolve("/local/health")).get("ok").asBoolean()).isTrue();
        assertThat(get(gateway.resolve("/local/channels")).get("channels")).hasSize(8);
        assertThat(available(gateway)).isEqualTo(6);
        assertEveryMallShows(channels, 6);

        // A real orders/create body for 2 units of that item, as Shopify's webhook carries it.
        byte[] body;
        try (ShopifySimulator shop = new ShopifySimulator()) {
            shop.putItem(SHOPIFY_ITEM, 10);
            body = shop.orderJson(shop.buy(SHOPIFY_ITEM, 2).orderId()).getBytes(StandardCharsets.UTF_8);
        }
        String secret = shopify.get("webhookSecret").asText();

        HttpResponse<String> forged = postWebhook(URI.create(shopify.get("webhookUrl").asText()), body,
                ShopifySimulator.hmac("not-the-secret", body), "forged-1");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(available(gateway)).isEqualTo(6);

        HttpResponse<String> signed = postWebhook(URI.create(shopify.get("webhookUrl").asText()), body,
                ShopifySimulator.hmac(secret, body), "signed-1");
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(available(gateway)).isEqualTo(4);
        JsonNode stock = get(gateway.resolve("/local/stock?sku=" + SKU));
        assertThat(stock.get("listings")).hasSize(8).allSatisfy(l -> assertThat(l.get("sellable").asLong()).isEqualTo(4));
        Await.until(Duration.ofSeconds(60), "every mall showing 4", () -> everyMallShows(channels, 4));

        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        assertThat(process.exitValue()).as("exit code of a JVM stopped by SIGTERM").isEqualTo(143);
        assertThat(Files.readString(stderr)).contains("zaiko local up: stopped cleanly").doesNotContain("Exception in");
        assertThat(readLine(stdout)).as("nothing on stdout but the ready line").isNull();
    }

    private long available(URI gateway) throws Exception {
        return get(gateway.resolve("/local/stock?sku=" + SKU)).get("available").asLong();
    }

    /** Every channel's listing of the SKU, as that mall's simulator displays it. */
    private List<Long> shown(Map<String, JsonNode> channels) throws Exception {
        List<Long> values = new ArrayList<>();
        for (JsonNode channel : channels.values()) {
            JsonNode shown = get(URI.create(channel.get("shownUrl").asText())).get("shown");
            long value = -1;
            for (var it = shown.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (isMatcha(channel.get("type").asText(), entry.getKey())) {
                    value = entry.getValue().asLong();
                }
            }
            values.add(value);
        }
        return values;
    }

    /** Item 2 of the sample catalogue in each mall's key shape. */
    private static boolean isMatcha(String type, String itemKey) {
        return switch (type) {
            case "amazon", "mercari" -> itemKey.equals(SKU);
            case "rakuten" -> itemKey.equals("tea-matcha-30:normal-inventory");
            case "yahoo", "aupay" -> itemKey.equals("tea-matcha-30");
            case "shopify" -> itemKey.equals(SHOPIFY_ITEM);
            case "qoo10" -> itemKey.equals("1100000002");
            case "makeshop" -> itemKey.equals("000000000102:FREE");
            default -> false;
        };
    }

    private boolean everyMallShows(Map<String, JsonNode> channels, long quantity) {
        try {
            return shown(channels).equals(expected(channels, quantity));
        } catch (Exception e) {
            return false;
        }
    }

    private void assertEveryMallShows(Map<String, JsonNode> channels, long quantity) throws Exception {
        assertThat(shown(channels)).hasSize(8).containsExactlyElementsOf(expected(channels, quantity));
    }

    /**
     * What each mall should show when the ledger's sellable quantity is {@code quantity}: the malls
     * without webhooks (Rakuten, Yahoo!, Qoo10, au PAY) hold back their default last 2 units.
     */
    private static List<Long> expected(Map<String, JsonNode> channels, long quantity) {
        List<Long> values = new ArrayList<>();
        for (JsonNode channel : channels.values()) {
            boolean polled = List.of("rakuten", "yahoo", "qoo10", "aupay").contains(channel.get("type").asText());
            values.add(polled ? Math.max(0, quantity - 2) : quantity);
        }
        return values;
    }

    private HttpResponse<String> postWebhook(URI url, byte[] body, String hmac, String webhookId) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Hmac-Sha256", hmac)
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-Shop-Domain", ShopifySimulator.SHOP_DOMAIN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private String tail() {
        try {
            String text = Files.readString(stderr);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
