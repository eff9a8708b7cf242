package dev.zaiko.ledger;

import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.DynamoTarget;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.BeforeEach;

/**
 * The ledger contract on the container lane: Floci (default, no token) or LocalStack (with {@code
 * LOCALSTACK_AUTH_TOKEN}, or {@code ZAIKO_CONTAINER=localstack}) through Testcontainers. Every test is
 * reported as skipped, with the reason, when no Docker engine is reachable.
 */
@OnDynamoLane(DynamoLane.CONTAINER)
class LedgerContainerIT extends LedgerContract {
    static final DynamoLane LANE = DynamoLane.CONTAINER;

    @Override
    @BeforeEach
    void freshTables() {
        DynamoTarget target = LANE.target();
        f = new LedgerFixture(target.testAws(), target.freshStores());
    }

    @Override
    TestAws aws() {
        return LANE.target().testAws();
    }
}
