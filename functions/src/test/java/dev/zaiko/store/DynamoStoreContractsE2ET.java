package dev.zaiko.store;

import dev.zaiko.config.Stores;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.Nested;

/**
 * Lane 4: every store port's contract on real DynamoDB, only under {@code -Paws-e2e} (credentials and region
 * from the environment); tables have a unique prefix and are deleted when the run ends.
 */
@OnDynamoLane(DynamoLane.AWS)
class DynamoStoreContractsE2ET {
    static Stores fresh() {
        return DynamoLane.AWS.target().freshStores();
    }

    @Nested
    class ChannelStatesOnAws extends ChannelStatesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingPushLogOnAws extends ListingPushLogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class OpenOrdersOnAws extends OpenOrdersContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class FbaSourcesOnAws extends FbaSourcesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ReconcileReportsOnAws extends ReconcileReportsContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingCatalogOnAws extends ListingCatalogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class StockLedgerOnAws extends StockLedgerContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }
}
