package dev.zaiko.app.fba;

import dev.zaiko.app.ApplyResult;
import dev.zaiko.app.LedgerService;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.LineDecision;
import dev.zaiko.domain.StockAdjustment;
import dev.zaiko.domain.channel.FbaInventory;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import dev.zaiko.support.RecordingPushRequester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The FBA rule on the real ledger tables, racing the ledger's own order processing. */
@ExtendWith(AwsTestBed.class)
class FbaSyncServiceIT {
    static final String SKU = "TEE-FBA";
    static final String CHANNEL = "amazon-main";

    private final TestAws aws;

    FbaSyncServiceIT(TestAws aws) {
        this.aws = aws;
    }

    private static FbaInventory counting(long fulfillable) {
        return new FbaInventory() {
            @Override
            public Map<String, Long> fulfillableQuantities() {
                return Map.of("FBA-TEE", fulfillable);
            }

            @Override
            public Optional<Count> countIn(String notificationBody) {
                return Optional.empty();
            }
        };
    }

    @Test
    void countsRacingOrdersNeverHandBackAUnitAnOrderTook() throws Exception {
        LedgerFixture fixture = new LedgerFixture(aws);
        FbaSyncService fba = new FbaSyncService(fixture.store, fixture.ledger,
                fixture.stores.fbaSources(), Clock.systemUTC(),
                FbaSyncService.Settings.withoutMcf());
        fba.markFbaSourced(CHANNEL, SKU, "FBA-TEE");
        fixture.map("qoo10-main", "2000001", new Component(SKU, 1));
        fba.syncAll(CHANNEL, counting(20), Optional.empty());
        assertThat(fixture.available(SKU)).isEqualTo(20);

        // Another ledger container takes orders while this one keeps applying Amazon's unchanged 20.
        LedgerService orders = fixture.anotherContainer(fixture.stores.anotherContainer().stockLedger(), new RecordingPushRequester());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<ApplyResult>> taken = new ArrayList<>();
        Future<?> syncing = pool.submit(() -> {
            while (!done.get()) {
                fba.syncAll(CHANNEL, counting(20), Optional.empty());
            }
            return null;
        });
        for (int i = 1; i <= 12; i++) {
            int order = i;
            taken.add(pool.submit(() -> orders.apply(LedgerFixture.reserve("qoo10-main", "Q" + order, "2000001", 1))));
        }
        for (Future<ApplyResult> future : taken) {
            assertThat(future.get().outcome()).isEqualTo(LineDecision.Outcome.RESERVED);
        }
        done.set(true);
        syncing.get();
        pool.shutdown();
        fba.syncAll(CHANNEL, counting(20), Optional.empty());

        assertThat(fixture.available(SKU)).isEqualTo(8);
        assertThat(fixture.stores.fbaSources().find(CHANNEL, SKU).orElseThrow().claimedUnits())
                .isEqualTo(12);

        // Two of those orders are cancelled: their units come back once, and the count keeps them.
        orders.apply(LedgerFixture.cancel("qoo10-main", "Q1", "2000001", 1));
        orders.apply(LedgerFixture.cancel("qoo10-main", "Q2", "2000001", 1));
        fba.syncAll(CHANNEL, counting(20), Optional.empty());
        assertThat(fixture.available(SKU)).isEqualTo(10);
        // Amazon ships the other ten (its count drops by ten); their claims expire only by time, so
        // until then the rule errs on the side of showing less, never more.
        fba.syncAll(CHANNEL, counting(10), Optional.empty());
        assertThat(fixture.available(SKU)).isZero();
    }

    @Test
    void anOrderDecidedOnARememberedZeroIsNotOversoldWhenAnotherWriterRestocked() {
        LedgerFixture fixture = new LedgerFixture(aws);
        fixture.stock("MUG", 0);
        fixture.map("qoo10-main", "3000001", new Component("MUG", 1));
        LedgerService elsewhere = fixture.anotherContainer(fixture.stores.anotherContainer().stockLedger(), new RecordingPushRequester());
        elsewhere.adjust("MUG", new StockAdjustment.SetAvailable(1), ChangeSource.admin("yamada"));

        ApplyResult result = fixture.ledger.apply(LedgerFixture.reserve("qoo10-main", "Q9", "3000001", 1));

        assertThat(result.outcome()).isEqualTo(LineDecision.Outcome.RESERVED);
        assertThat(fixture.available("MUG")).isZero();
    }
}
