package dev.zaiko.ledger;

import dev.zaiko.embedded.TestAws;
import dev.zaiko.support.LedgerFixture;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.DynamoTarget;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.BeforeEach;

/**
 * The ledger contract on real DynamoDB: only under {@code -Paws-e2e}, with credentials and region from
 * the environment; tables get a unique prefix and are deleted when the run ends.
 */
@OnDynamoLane(DynamoLane.AWS)
class LedgerE2ET extends LedgerContract {
    static final DynamoLane LANE = DynamoLane.AWS;

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
