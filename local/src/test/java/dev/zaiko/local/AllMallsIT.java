package dev.zaiko.local;

import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.sim.MallSimulator;
import dev.zaiko.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One SKU listed on all eight malls, each played by its simulator through its real adapter: an
 * order on every mall reaches the ledger by that mall's own path (webhook, SP-API notification
 * queue, or poll) and every mall ends up showing the ledger's quantity.
 */
@ExtendWith(AwsTestBed.class)
class AllMallsIT {
    static final String SKU = "ZK-MATCHA-100";

    private final TestAws aws;
    private LocalRuntime runtime;
    private LocalMalls malls;
    private final List<ListingKey> listings = new ArrayList<>();

    AllMallsIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        malls = new LocalMalls(runtime);
        for (ChannelSpec spec : LocalConfig.builtIn().channels()) {
            malls.add(spec);
        }
        runtime.ledger.define(SKU, 20, Optional.empty(), Optional.empty(), Optional.of("抹茶 100g"),
                ChangeSource.admin("test"));
        for (LocalMalls.Mall mall : malls.inOrder()) {
            String itemKey = malls.itemKey(mall.channelId(), 1, SKU);
            malls.list(mall.channelId(), itemKey, "抹茶 100g", 0);
            ListingKey key = new ListingKey(mall.channelId(), itemKey);
            runtime.ledger.mapListing(key, List.of(new Component(SKU, 1)), false);
            listings.add(key);
        }
        awaitConverged("the catalogue on every mall");
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void everyMallSaysInJapaneseWhatToDoWhenItsCredentialsExpire() {
        java.util.regex.Pattern japanese = java.util.regex.Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
        int credentials = 0;
        for (LocalMalls.Mall mall : malls.inOrder()) {
            for (dev.zaiko.domain.channel.CredentialStatus status
                    : runtime.channel(mall.channelId()).runtime().adapter().credentials()) {
                credentials++;
                assertThat(status.ja().renewal()).as(mall.type() + " " + status.name()).containsPattern(japanese)
                        .isNotEqualTo(status.renewal());
                assertThat(status.ja().name()).as(mall.type() + " " + status.name()).isNotBlank();
            }
        }
        // Amazon 2, Qoo10 2, Yahoo 2 (refresh token, public key), the other five 1 each
        assertThat(credentials).isEqualTo(11);
    }

    @Test
    void anOrderOnEachOfTheEightMallsReachesTheLedgerAndEveryMallConverges() {
        assertThat(malls.inOrder()).extracting(LocalMalls.Mall::type).containsExactlyElementsOf(LocalMalls.types());
        assertThat(malls.inOrder()).filteredOn(m -> m.webhookUrl().isPresent())
                .extracting(LocalMalls.Mall::type).containsExactly("shopify", "mercari", "makeshop");
        long expected = 20;
        for (LocalMalls.Mall mall : malls.inOrder()) {
            String itemKey = malls.itemKey(mall.channelId(), 1, SKU);
            MallSimulator.BuyResult bought = mall.simulator().buy(itemKey, 2);
            assertThat(bought.accepted()).as(mall.type() + " took the order").isTrue();
            expected -= 2;
            long want = expected;
            Await.until(Duration.ofSeconds(30), "the " + mall.type() + " order in the ledger (available " + want + ")", () -> {
                if (available() == want) {
                    return true;
                }
                if (mall.webhookUrl().isEmpty() && !mall.type().equals("amazon")) {
                    runtime.poll(mall.channelId());
                }
                return false;
            });
        }

        awaitConverged("every mall showing " + expected);
        assertThat(available()).isEqualTo(4);
        for (ListingKey key : listings) {
            // The polled malls hold back their default last 2 units (holdBackUnits 2): they show 2.
            assertThat(runtime.channel(key.channelId()).simulator().shownQuantity(key.itemKey()).orElse(-1))
                    .as(key.toString()).isEqualTo(runtime.channel(key.channelId()).runtime().holdBack().shown(4));
        }
        assertThat(runtime.store.linesNeedingAttention(LineState.UNMAPPED, 100)).isEmpty();
        assertThat(runtime.store.linesNeedingAttention(LineState.OVERSOLD, 100)).isEmpty();
        assertThat(runtime.ordersDlqDepth()).isZero();
    }

    private long available() {
        return runtime.store.readStock(List.of(SKU)).get(SKU).available();
    }

    private void awaitConverged(String what) {
        Await.until(Duration.ofSeconds(60), what, () -> {
            if (runtime.differences(listings).isEmpty()) {
                return true;
            }
            runtime.wakeWaitingPushers();
            return false;
        });
    }
}
