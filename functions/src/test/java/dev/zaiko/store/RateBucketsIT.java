package dev.zaiko.store;

import dev.zaiko.channel.support.InMemoryRateBuckets;
import dev.zaiko.channel.support.TokenBucket;
import dev.zaiko.channel.support.VirtualClock;
import dev.zaiko.domain.port.RateBuckets;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's shared rate buckets (the SQL store by default; DynamoDB on an endpoint lane): the same
 * answers as the in-memory reference, and two containers on one store never exceed the rate together.
 */
@ExtendWith(AwsTestBed.class)
class RateBucketsIT {
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    private final TestAws aws;
    private dev.zaiko.config.Stores stores;

    RateBucketsIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void setUp() {
        stores = dev.zaiko.support.TestStores.fresh(aws, java.time.Clock.systemUTC());
    }

    @Test
    void twoContainersOverOneTableNeverExceedTheRateTogether() {
        VirtualClock clock = new VirtualClock(START);
        // two containers: two adapters, two limiters, one table
        TokenBucket poller = TokenBucket.shared(stores.rateBuckets(), "ch", "api", 2, 5,
                clock, clock);
        TokenBucket pusher = TokenBucket.shared(stores.anotherContainer().rateBuckets(), "ch", "api", 2, 5,
                clock, clock);
        int taken = 0;
        for (int i = 0; i < 1_000; i++) {
            if ((i % 2 == 0 ? poller : pusher).acquire(Duration.ZERO)) {
                taken++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        // 10 s of trying every 10 ms: the burst of 5, then one every 500 ms (t = 0.5 s .. 9.5 s)
        assertThat(taken).isEqualTo(5 + 19);
    }

    @Test
    void answersMatchTheInMemoryReferenceStepByStep() {
        RateBuckets table = stores.rateBuckets();
        RateBuckets reference = new InMemoryRateBuckets();
        List<RateBuckets.Take> fromTable = new ArrayList<>();
        List<RateBuckets.Take> fromReference = new ArrayList<>();
        long[] offsetsMillis = {0, 0, 0, 0, 100, 250, 400, 1_000, 1_001, 5_000, 5_000, 5_000, 5_000};
        for (long offset : offsetsMillis) {
            Instant now = START.plusMillis(offset);
            fromTable.add(table.tryTake("ch", "api", 1, 3, 2, now));
            fromReference.add(reference.tryTake("ch", "api", 1, 3, 2, now));
        }
        table.holdUntil("ch", "api", 3, 2, START.plusSeconds(60));
        reference.holdUntil("ch", "api", 3, 2, START.plusSeconds(60));
        for (long offset : new long[]{59_999, 60_000, 60_000, 60_500}) {
            Instant now = START.plusMillis(offset);
            fromTable.add(table.tryTake("ch", "api", 1, 3, 2, now));
            fromReference.add(reference.tryTake("ch", "api", 1, 3, 2, now));
        }
        assertThat(fromTable).isEqualTo(fromReference);
        assertThat(fromTable.stream().filter(RateBuckets.Take::taken).count()).isEqualTo(10);
        assertThat(fromTable.get(3)).isEqualTo(new RateBuckets.Take(false, Duration.ofMillis(500)));
    }
}
