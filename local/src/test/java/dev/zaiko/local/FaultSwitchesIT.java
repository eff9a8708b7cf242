package dev.zaiko.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.app.PollService;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.RejectedOrder;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.sim.rakuten.RakutenSimulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator fault switches through the local gateway ({@code POST/GET /sim/{channelId}/faults}),
 * and what the system does with them: a poison order among good ones (defect 1) and a mall-side line
 * edit (defect 2), with exact stock numbers and the numbers the mall shows.
 */
@ExtendWith(AwsTestBed.class)
class FaultSwitchesIT {
    static final String CHANNEL = "rakuten-main";
    static final String ITEM = "mug-01:normal-inventory";

    private final TestAws aws;
    private final ObjectMapper json = new ObjectMapper();
    private LocalRuntime runtime;
    private RakutenSimulator rakuten;

    FaultSwitchesIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        rakuten = new RakutenSimulator(java.time.Clock.systemUTC(), "SP-secret", "SL-license");
        runtime.addChannel(CHANNEL, "rakuten", rakuten, Map.of("serviceSecret", "SP-secret",
                "licenseKey", "SL-license"), Map.of(), Duration.ofMinutes(1), false);
        new LocalAdminApi(runtime, new LedgerView(runtime.store)).serve();
        rakuten.putSku("mug-01", "normal-inventory", 10);
        runtime.ledger.define("MUG", 10, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
        runtime.ledger.mapListing(new ListingKey(CHANNEL, ITEM), List.of(new Component("MUG", 1)), false);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private HttpResponse<String> faults(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.gatewayUrl().resolve("/sim/" + CHANNEL + "/faults"));
        request = method.equals("GET") ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long available() {
        return runtime.store.readStock(List.of("MUG")).get("MUG").available();
    }

    private OrderLine line(String orderId) {
        return runtime.store.allLines().stream().filter(l -> l.orderId().equals(orderId)).findFirst().orElseThrow();
    }

    @Test
    void aMalformedOrderIsQuarantinedAndTheGoodOnesAroundItAreApplied() throws Exception {
        String good1 = rakuten.buy(ITEM, 2).orderId();
        HttpResponse<String> set = faults("POST", "{\"malformedOrder\":{\"reason\":\"unknownStatus\"}}");
        assertThat(set.statusCode()).isEqualTo(200);
        String good2 = rakuten.buy(ITEM, 1).orderId();

        // Polls until the mall's search window (whole seconds) holds all three orders.
        List<RejectedOrder> seen = new java.util.ArrayList<>();
        Await.until(Duration.ofSeconds(20), "both good orders applied and the poison one quarantined", () -> {
            if (runtime.poll(CHANNEL) instanceof PollService.PollResult.Polled polled) {
                seen.addAll(polled.rejected());
            }
            return runtime.store.allLines().size() == 2 && available() == 7 && !seen.isEmpty();
        });
        assertThat(seen).allSatisfy(r -> assertThat(r.reason()).contains("orderProgress 999"));
        assertThat(line(good1).state()).isEqualTo(LineState.RESERVED);
        assertThat(line(good2).state()).isEqualTo(LineState.RESERVED);
        List<RejectedOrder> rejected = runtime.stores.rejectedOrders().rejected(CHANNEL, 10);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.rawExcerpt()).contains("\"orderProgress\":999");
            assertThat(r.orderId()).isNotIn(good1, good2);
        });
        assertThat(runtime.states.get(CHANNEL).cursor()).isPresent();
        assertThat(runtime.states.get(CHANNEL).health().name()).isEqualTo("OK");
        // The mall ends showing 10 - 2 - 1 (the poison order took nothing there).
        Await.until(Duration.ofSeconds(20), "the mall shows 7", () -> rakuten.shownQuantity(ITEM).orElse(-1) == 7);
        // What the admin API (the CLI's orders --state REJECTED, the console's page) lists.
        assertThat(LocalAdmin.ops(runtime).channels().rejectedOrders(10)).singleElement()
                .satisfies(r -> assertThat(r.channelId()).isEqualTo(CHANNEL));
        JsonNode described = json.readTree(faults("GET", "").body());
        assertThat(described.path("applied").get(0).asText()).startsWith("malformedOrder unknownStatus");
    }

    @Test
    void aMallSideEditOfALineReturnsExactlyTheDifference() throws Exception {
        String order = rakuten.buy(ITEM, 3).orderId();
        Await.until(Duration.ofSeconds(20), "the order applied", () -> {
            runtime.poll(CHANNEL);
            return available() == 7 && rakuten.shownQuantity(ITEM).orElse(-1) == 7;
        });

        assertThat(faults("POST", "{\"editLine\":{\"orderId\":\"" + order + "\",\"itemKey\":\"" + ITEM
                + "\",\"quantity\":1}}").statusCode()).isEqualTo(200);
        Await.until(Duration.ofSeconds(20), "the edit applied", () -> {
            runtime.poll(CHANNEL);
            // The ledger gives back exactly 2, and the mall ends showing the ledger's 9.
            return available() == 9 && rakuten.shownQuantity(ITEM).orElse(-1) == 9;
        });
        assertThat(line(order).quantity()).isEqualTo(1);
        assertThat(line(order).taken()).isEqualTo(Map.of("MUG", 1L));
        assertThat(faults("POST", "{\"editLine\":{\"orderId\":\"no-such\",\"itemKey\":\"x:y\",\"quantity\":1}}")
                .statusCode()).isEqualTo(400);
        assertThat(faults("POST", "{\"clear\":true}").statusCode()).isEqualTo(200);
        assertThat(json.readTree(faults("GET", "").body()).path("applied")).isEmpty();
    }
}
