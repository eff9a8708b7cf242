package dev.zaiko.ledger;

import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.DynamoTarget;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.BeforeEach;

/**
 * The ledger contract on whatever {@code AWS_ENDPOINT_URL} points at (a LocalStack or Floci you run
 * yourself, ...); skipped with the reason when it is not set.
 */
@OnDynamoLane(DynamoLane.ENDPOINT)
class LedgerEndpointIT extends LedgerContract {
    static final DynamoLane LANE = DynamoLane.ENDPOINT;

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
